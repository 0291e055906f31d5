package io.modelfn.infra.monitoring;

import static io.modelfn.core.metrics.MetricsContract.CACHE_HIT;
import static io.modelfn.core.metrics.MetricsContract.CACHE_MISS;
import static io.modelfn.core.metrics.MetricsContract.CLIENT_ERRORS;
import static io.modelfn.core.metrics.MetricsContract.COLD_START;
import static io.modelfn.core.metrics.MetricsContract.ESTIMATED_COST;
import static io.modelfn.core.metrics.MetricsContract.FEATURE_DRIFT_PSI;
import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_ABSOLUTE_ERROR;
import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_CORRECT;
import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_INCORRECT;
import static io.modelfn.core.metrics.MetricsContract.LATENCY;
import static io.modelfn.core.metrics.MetricsContract.MODEL_LOAD_TIME;
import static io.modelfn.core.metrics.MetricsContract.NAMESPACE;
import static io.modelfn.core.metrics.MetricsContract.REQUESTS;
import static io.modelfn.core.metrics.MetricsContract.RESULT_CACHE_HIT;
import static io.modelfn.core.metrics.MetricsContract.SERVER_ERRORS;
import static io.modelfn.core.metrics.MetricsContract.SHADOW_COMPARED;
import static io.modelfn.core.metrics.MetricsContract.SHADOW_DISAGREEMENT;
import static io.modelfn.core.metrics.MetricsContract.SHADOW_FAILED;
import static io.modelfn.core.metrics.MetricsContract.SHADOW_REQUESTS;
import static io.modelfn.core.metrics.MetricsContract.SHADOW_SKIPPED;

import io.modelfn.infra.config.ModelfnSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.Variant;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The operator's view of one stage: per configured endpoint, requests, errors, p50/p99 latency and
 * feedback accuracy per variant, then cold starts, cache hits and misses, model load time, the
 * mean absolute error of regressions, the estimated cost and the result cache's hit rate per
 * variant; a row of feature drift (every model, version and feature found by a search, and the
 * drift alarm); and a row per
 * function (invocations, errors, throttles, p99 duration of the {@code live} alias).
 * Endpoint metrics come from {@link ContractMetrics}, i.e. the metrics contract.
 */
public final class ServingDashboard extends Construct {

    /** The widget titles of one endpoint's rows, in order (tests look for them). */
    public static final List<String> ENDPOINT_WIDGETS = List.of(
            "Requests per variant", "Errors per variant", "Latency p50 / p99 per variant (ms)",
            "Feedback accuracy per variant", "Cold starts", "Cache hits and misses", "Model load time (ms)",
            "Mean absolute error per variant (regressions)", "Estimated cost per variant (USD)",
            "Result cache hit rate per variant", "Shadow copies (sent, compared, skipped, failed; disagreement rate)");
    /** The title of the feature-drift graph. */
    public static final String DRIFT_WIDGET = "Feature drift (PSI) per model, version and feature";
    /** The title of the graph of rows counted for drift. */
    public static final String DRIFT_ROWS_WIDGET = "Rows counted for drift per model, version and feature (all environments)";

    /** What may vary. */
    public record Props(String dashboardName, List<ModelfnSettings.Endpoint> endpoints, IAlarm driftAlarm,
            List<IFunction> functionAliases) {
    }

    private static final Duration PERIOD = Duration.minutes(1);
    private static final Duration FEEDBACK_PERIOD = Duration.minutes(5);
    private static final Duration COST_PERIOD = Duration.hours(1);
    private static final int WIDTH = 8;
    private static final int HEIGHT = 6;

    private final Dashboard dashboard;

    public ServingDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.dashboardName())
                .defaultInterval(Duration.hours(3))
                .build();
        for (ModelfnSettings.Endpoint endpoint : props.endpoints()) {
            addEndpoint(endpoint);
        }
        addDrift(props.driftAlarm());
        addFunctions(props.functionAliases());
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    private void addEndpoint(ModelfnSettings.Endpoint endpoint) {
        String name = endpoint.name();
        List<String> variants = endpoint.variants();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("## Endpoint `" + name + "`\nVariants: " + String.join(", ", variants)
                        + ". Rollback thresholds of the canary: server error rate > " + endpoint.maxServerErrorRate()
                        + ", p99 latency > " + endpoint.maxP99LatencyMs() + " ms, accuracy < " + endpoint.minAccuracy() + ".")
                .width(24).height(2).build());

        List<IMetric> requests = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> latency = new ArrayList<>();
        List<IMetric> accuracy = new ArrayList<>();
        List<IMetric> absoluteError = new ArrayList<>();
        List<IMetric> cost = new ArrayList<>();
        List<IMetric> resultCache = new ArrayList<>();
        for (String variant : variants) {
            requests.add(ContractMetrics.byEndpointVariant(REQUESTS, name, variant, "Sum", PERIOD).with(label(variant)));
            errors.add(ContractMetrics.byEndpointVariant(SERVER_ERRORS, name, variant, "Sum", PERIOD)
                    .with(label(variant + " server errors")));
            errors.add(ContractMetrics.byEndpointVariant(CLIENT_ERRORS, name, variant, "Sum", PERIOD)
                    .with(label(variant + " client errors")));
            latency.add(ContractMetrics.byEndpointVariant(LATENCY, name, variant, "p50", PERIOD).with(label(variant + " p50")));
            latency.add(ContractMetrics.byEndpointVariant(LATENCY, name, variant, "p99", PERIOD).with(label(variant + " p99")));
            String id = variant.replaceAll("[^a-z0-9]", "");
            accuracy.add(MathExpression.Builder.create()
                    .expression("FILL(c" + id + ", 0) / (FILL(c" + id + ", 0) + FILL(i" + id + ", 0))")
                    .label(variant + " accuracy")
                    .usingMetrics(new TreeMap<>(Map.of(
                            "c" + id, ContractMetrics.byEndpointVariant(FEEDBACK_CORRECT, name, variant, "Sum", FEEDBACK_PERIOD),
                            "i" + id, ContractMetrics.byEndpointVariant(FEEDBACK_INCORRECT, name, variant, "Sum", FEEDBACK_PERIOD))))
                    .period(FEEDBACK_PERIOD)
                    .build());
            absoluteError.add(ContractMetrics.byEndpointVariant(FEEDBACK_ABSOLUTE_ERROR, name, variant, "Average",
                    FEEDBACK_PERIOD).with(label(variant + " MAE")));
            cost.add(ContractMetrics.byEndpointVariant(ESTIMATED_COST, name, variant, "Sum", COST_PERIOD)
                    .with(label(variant + " USD per hour")));
            // Average of 1 (kept answer) and 0 (computed): the share of requests answered from the cache.
            resultCache.add(ContractMetrics.byEndpointVariant(RESULT_CACHE_HIT, name, variant, "Average", PERIOD)
                    .with(label(variant + " hit rate")));
        }
        dashboard.addWidgets(
                graph(ENDPOINT_WIDGETS.get(0), requests),
                graph(ENDPOINT_WIDGETS.get(1), errors),
                graph(ENDPOINT_WIDGETS.get(2), latency));
        dashboard.addWidgets(
                graph(ENDPOINT_WIDGETS.get(3), accuracy),
                graph(ENDPOINT_WIDGETS.get(4), List.of(
                        ContractMetrics.byEndpoint(COLD_START, name, "Sum", PERIOD).with(label("cold starts")))),
                graph(ENDPOINT_WIDGETS.get(5), List.of(
                        ContractMetrics.byEndpoint(CACHE_HIT, name, "Sum", PERIOD).with(label("hits")),
                        ContractMetrics.byEndpoint(CACHE_MISS, name, "Sum", PERIOD).with(label("misses")))));
        dashboard.addWidgets(
                graph(ENDPOINT_WIDGETS.get(6), List.of(
                        ContractMetrics.byEndpoint(MODEL_LOAD_TIME, name, "Average", PERIOD).with(label("average")),
                        ContractMetrics.byEndpoint(MODEL_LOAD_TIME, name, "Maximum", PERIOD).with(label("maximum")))),
                graph(ENDPOINT_WIDGETS.get(7), absoluteError),
                graph(ENDPOINT_WIDGETS.get(8), cost));
        dashboard.addWidgets(graph(ENDPOINT_WIDGETS.get(9), resultCache), shadowCopies(name));
    }

    private void addDrift(IAlarm driftAlarm) {
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("## Feature drift\nPopulation stability index of each feature's inputs against the "
                        + "training profile in its model card (0.1: moderate shift, 0.25: significant), computed by the "
                        + "rollout function from the rows per bin that every execution environment emits with each request.")
                .width(24).height(2).build());
        String search = "SEARCH('{" + NAMESPACE + "," + String.join(",", MetricsContract.BY_MODEL_VERSION_FEATURE)
                + "} MetricName=\"" + FEATURE_DRIFT_PSI + "\"', 'Maximum', 300)";
        String rows = "SELECT SUM(" + MetricsContract.FEATURE_BIN_COUNT + ") FROM SCHEMA(\"" + NAMESPACE + "\", "
                + String.join(", ", MetricsContract.BY_MODEL_VERSION_FEATURE_BIN) + ") GROUP BY "
                + String.join(", ", MetricsContract.BY_MODEL_VERSION_FEATURE);
        dashboard.addWidgets(
                GraphWidget.Builder.create().title(DRIFT_ROWS_WIDGET).width(24).height(HEIGHT)
                        .left(List.of(MathExpression.Builder.create().expression(rows).label("")
                                .period(Duration.minutes(5)).usingMetrics(Map.of()).build()))
                        .build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title(DRIFT_WIDGET).width(16).height(HEIGHT)
                        .left(List.of(MathExpression.Builder.create().expression(search).label("")
                                .period(Duration.minutes(5)).usingMetrics(Map.of()).build()))
                        .build(),
                AlarmWidget.Builder.create().title("Feature drift alarm")
                        .alarm(driftAlarm).width(WIDTH).height(HEIGHT).build());
    }

    private void addFunctions(List<IFunction> aliases) {
        if (aliases.isEmpty()) {
            return;
        }
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("## Functions (`live` aliases)").width(24).height(1).build());
        List<IWidget> row = new ArrayList<>();
        for (IFunction alias : aliases) {
            row.add(GraphWidget.Builder.create()
                    .title(alias.getFunctionName())
                    .width(WIDTH).height(HEIGHT)
                    .left(List.of(
                            alias.metricInvocations(sum("invocations")),
                            alias.metricErrors(sum("errors")),
                            alias.metricThrottles(sum("throttles"))))
                    .right(List.of(alias.metricDuration(MetricOptions.builder()
                            .statistic("p99").period(PERIOD).label("p99 duration (ms)").build())))
                    .build());
        }
        dashboard.addWidgets(row.toArray(IWidget[]::new));
    }

    /**
     * Copies sent should equal copies compared plus failed (a shadow event lost by Lambda shows as the
     * difference); skipped copies were never sent. Disagreement: the share of compared copies that differ.
     */
    private static GraphWidget shadowCopies(String endpoint) {
        String shadow = Variant.SHADOW;
        return GraphWidget.Builder.create().title(ENDPOINT_WIDGETS.get(10)).width(WIDTH).height(HEIGHT)
                .left(List.of(
                        ContractMetrics.byEndpointVariant(SHADOW_REQUESTS, endpoint, shadow, "Sum", PERIOD).with(label("sent")),
                        ContractMetrics.byEndpointVariant(SHADOW_COMPARED, endpoint, shadow, "Sum", PERIOD)
                                .with(label("compared")),
                        ContractMetrics.byEndpointVariant(SHADOW_SKIPPED, endpoint, shadow, "Sum", PERIOD)
                                .with(label("skipped")),
                        ContractMetrics.byEndpointVariant(SHADOW_FAILED, endpoint, shadow, "Sum", PERIOD)
                                .with(label("failed"))))
                .right(List.of(ContractMetrics.byEndpointVariant(SHADOW_DISAGREEMENT, endpoint, shadow, "Average", PERIOD)
                        .with(label("disagreement rate"))))
                .build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).width(WIDTH).height(HEIGHT).left(metrics).build();
    }

    private static MetricOptions sum(String label) {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).label(label).build();
    }

    private static software.amazon.awscdk.services.cloudwatch.MetricOptions label(String label) {
        return MetricOptions.builder().label(label).build();
    }
}
