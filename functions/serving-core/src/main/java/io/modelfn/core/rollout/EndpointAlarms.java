package io.modelfn.core.rollout;

import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_CORRECT;
import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_INCORRECT;
import static io.modelfn.core.metrics.MetricsContract.LATENCY;
import static io.modelfn.core.metrics.MetricsContract.REQUESTS;
import static io.modelfn.core.metrics.MetricsContract.SERVER_ERRORS;

import io.modelfn.core.alarms.AlarmAction;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmMetric;
import io.modelfn.core.alarms.Comparison;
import io.modelfn.core.alarms.MissingData;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of an endpoint's alarms, named by {@link AlarmNames}, on the dimension set
 * {@code [Endpoint, Variant]} of the metrics the functions emit:
 *
 * <ul>
 *   <li>on the {@code canary}: server-error rate ({@code ServerErrors / Requests}), p99
 *       {@code Latency}, and feedback accuracy (once a period has enough labelled predictions); they
 *       roll the release back;
 *   <li>on the {@code stable} variant: server-error rate and p99 latency; they notify people, and call
 *       the rollout function, which rolls a promotion back while it is watched and otherwise changes nothing.
 * </ul>
 *
 * <p>Missing data is not breaching: a variant with no traffic is never rolled back for silence (nor
 * promoted: the stepper wants requests). Stateless.
 */
public final class EndpointAlarms {

    /** Requests and latency are judged per minute. */
    public static final int FAST_PERIOD_SECONDS = 60;
    /** Ground truth arrives later and thinner than requests. */
    public static final int FEEDBACK_PERIOD_SECONDS = 300;

    private EndpointAlarms() {
    }

    /** The alarms that guard a release: on the canary, rolling back. */
    public static List<AlarmDefinition> canary(String prefix, String endpoint, AlarmThresholds limits) {
        String variant = Variant.CANARY;
        // FILL: a period with only correct (or only incorrect) feedback has no datapoint for the other.
        String total = "(FILL(correct, 0) + FILL(incorrect, 0))";
        return List.of(
                errorRate(prefix, endpoint, variant, limits, AlarmAction.ROLL_BACK),
                latency(prefix, endpoint, variant, limits, AlarmAction.ROLL_BACK),
                new AlarmDefinition(AlarmNames.name(prefix, endpoint, variant, AlarmNames.ACCURACY),
                        "Feedback accuracy of the canary of endpoint " + endpoint + " (from " + limits.minFeedbackSamples()
                                + " labelled predictions per period)",
                        List.of(metric("correct", FEEDBACK_CORRECT, endpoint, variant, "Sum", FEEDBACK_PERIOD_SECONDS),
                                metric("incorrect", FEEDBACK_INCORRECT, endpoint, variant, "Sum", FEEDBACK_PERIOD_SECONDS)),
                        "IF(" + total + " >= " + limits.minFeedbackSamples() + ", FILL(correct, 0) / " + total + ", 1)",
                        "canary feedback accuracy", limits.minAccuracy(), Comparison.LESS_THAN_THRESHOLD, 1, 1,
                        MissingData.NOT_BREACHING, AlarmAction.ROLL_BACK));
    }

    /**
     * The alarms on the stable variant: they tell people, and roll back a promotion still under its
     * watch (outside a watch there is nothing to roll back to, and the rollout function changes nothing).
     */
    public static List<AlarmDefinition> stable(String prefix, String endpoint, AlarmThresholds limits) {
        return List.of(
                errorRate(prefix, endpoint, Variant.STABLE, limits, AlarmAction.ROLL_BACK),
                latency(prefix, endpoint, Variant.STABLE, limits, AlarmAction.ROLL_BACK));
    }

    private static AlarmDefinition errorRate(String prefix, String endpoint, String variant, AlarmThresholds limits,
            AlarmAction action) {
        int periods = limits.evaluationPeriods();
        return new AlarmDefinition(AlarmNames.name(prefix, endpoint, variant, AlarmNames.ERROR_RATE),
                "Server error rate of the " + variant + " of endpoint " + endpoint,
                List.of(metric("errors", SERVER_ERRORS, endpoint, variant, "Sum", FAST_PERIOD_SECONDS),
                        metric("requests", REQUESTS, endpoint, variant, "Sum", FAST_PERIOD_SECONDS)),
                "IF(requests > 0, errors / requests, 0)", variant + " server error rate", limits.maxServerErrorRate(),
                Comparison.GREATER_THAN_THRESHOLD, periods, periods, MissingData.NOT_BREACHING, action);
    }

    private static AlarmDefinition latency(String prefix, String endpoint, String variant, AlarmThresholds limits,
            AlarmAction action) {
        int periods = limits.evaluationPeriods();
        return new AlarmDefinition(AlarmNames.name(prefix, endpoint, variant, AlarmNames.P99_LATENCY),
                "p99 latency (ms) of the " + variant + " of endpoint " + endpoint,
                List.of(metric("latency", LATENCY, endpoint, variant, "p99", FAST_PERIOD_SECONDS)), null, null,
                limits.maxP99LatencyMs(), Comparison.GREATER_THAN_THRESHOLD, periods, periods, MissingData.NOT_BREACHING,
                action);
    }

    private static AlarmMetric metric(String id, String metricName, String endpoint, String variant, String statistic,
            int period) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(MetricsContract.ENDPOINT, endpoint);
        dimensions.put(MetricsContract.VARIANT, variant);
        return new AlarmMetric(id, MetricsContract.NAMESPACE, metricName, dimensions, statistic, period);
    }
}
