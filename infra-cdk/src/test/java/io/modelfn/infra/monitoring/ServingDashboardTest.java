package io.modelfn.infra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.Variant;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.support.DashboardBody;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

class ServingDashboardTest {

    private static JsonNode body() {
        Stack stack = TestStacks.newStack();
        Function fn = Function.Builder.create(stack, "Predict").runtime(Runtime.JAVA_25).handler("h")
                .code(Code.fromAsset(io.modelfn.infra.support.TestArtifacts.artifacts().apiFunctionZip().toString())).build();
        new ServingDashboard(stack, "Dashboard", new ServingDashboard.Props("modelfn-test", List.of(
                new ModelfnSettings.Endpoint("iris", null, null, null, null, null, null),
                new ModelfnSettings.Endpoint("digits", List.of("a", "b"), null, null, null, null, null)),
                new FeatureDriftAlarm(stack, "Drift", new FeatureDriftAlarm.Props("modelfn-test-drift", 0.25)).alarm(),
                List.of(fn)));
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        JsonNode dashboard = TemplateJson.resources(template, "AWS::CloudWatch::Dashboard").values().iterator().next();
        assertThat(dashboard.path("Properties").path("DashboardName").asText()).isEqualTo("modelfn-test");
        return DashboardBody.parse(dashboard);
    }

    @Test
    void dashboard_should_showEveryWidgetForEveryEndpoint_when_synthesised() {
        // GIVEN / WHEN a dashboard over two endpoints and one function
        List<String> titles = DashboardBody.titles(body());

        // THEN each endpoint has requests, errors, p50/p99 latency, accuracy, cold starts, cache, load time
        assertThat(titles.stream().filter(ServingDashboard.ENDPOINT_WIDGETS::contains).toList())
                .containsExactlyElementsOf(concat(ServingDashboard.ENDPOINT_WIDGETS, ServingDashboard.ENDPOINT_WIDGETS));
    }

    @Test
    void latencyWidget_should_showP50AndP99PerVariant_when_synthesised() {
        JsonNode body = body();

        List<DashboardBody.MetricLine> latency = DashboardBody.metricLines(body).stream()
                .filter(l -> l.metricName().equals(MetricsContract.LATENCY)).toList();
        // iris: stable and canary, p50 and p99 each; digits: variants a and b
        assertThat(latency).hasSize(8);
        assertThat(latency.stream().map(l -> l.dimensionValues().get(1)).distinct().toList())
                .containsExactly(Variant.STABLE, Variant.CANARY, "a", "b");
        String stats = body.toString();
        assertThat(stats).contains("\"stat\":\"p50\"", "\"stat\":\"p99\"");
    }

    @Test
    void endpointMetrics_should_useContractNamesAndDimensionSets_when_synthesised() {
        List<DashboardBody.MetricLine> lines = DashboardBody.metricLines(body());

        List<DashboardBody.MetricLine> ours = lines.stream()
                .filter(l -> l.namespace().equals(MetricsContract.NAMESPACE)).toList();
        assertThat(ours).isNotEmpty().allSatisfy(l ->
                assertThat(MetricsContract.DIMENSION_SETS).as(l.toString()).contains(l.dimensionNames()));
        assertThat(ours.stream().map(DashboardBody.MetricLine::metricName).distinct().toList()).containsExactlyInAnyOrder(
                MetricsContract.REQUESTS, MetricsContract.SERVER_ERRORS, MetricsContract.CLIENT_ERRORS, MetricsContract.LATENCY,
                MetricsContract.FEEDBACK_CORRECT, MetricsContract.FEEDBACK_INCORRECT, MetricsContract.COLD_START,
                MetricsContract.CACHE_HIT, MetricsContract.CACHE_MISS, MetricsContract.MODEL_LOAD_TIME,
                MetricsContract.FEEDBACK_ABSOLUTE_ERROR, MetricsContract.ESTIMATED_COST, MetricsContract.RESULT_CACHE_HIT,
                MetricsContract.SHADOW_REQUESTS, MetricsContract.SHADOW_COMPARED, MetricsContract.SHADOW_SKIPPED,
                MetricsContract.SHADOW_FAILED, MetricsContract.SHADOW_DISAGREEMENT);
        // and the function row reads Lambda's own metrics
        assertThat(lines).filteredOn(l -> l.namespace().equals("AWS/Lambda")).isNotEmpty();
    }

    @Test
    void driftRow_should_searchEveryFeatureOfTheContractAndShowTheAlarm_when_synthesised() {
        JsonNode body = body();

        // THEN the drift graph searches FeatureDriftPSI over the [Model, Version, Feature] dimension set
        JsonNode drift = widget(body, ServingDashboard.DRIFT_WIDGET);
        assertThat(drift.path("properties").path("metrics").toString())
                .contains("SEARCH('{ModelFn,Model,Version,Feature} MetricName=\\\"FeatureDriftPSI\\\"'");
        // and the alarm widget shows the drift alarm
        assertThat(body.toString()).contains("\"alarms\":[\"TOKEN\"]");
        // and the rows behind the index are summed over every environment's FeatureBinCount records
        JsonNode rows = widget(body, ServingDashboard.DRIFT_ROWS_WIDGET);
        assertThat(rows.path("properties").path("metrics").toString())
                .contains("SELECT SUM(FeatureBinCount) FROM SCHEMA(\\\"ModelFn\\\", Model, Version, Feature, Bin) "
                        + "GROUP BY Model, Version, Feature");
    }

    @Test
    void costWidget_should_sumEstimatedCostPerVariantHourly_when_synthesised() {
        List<DashboardBody.MetricLine> cost = DashboardBody.metricLines(body()).stream()
                .filter(l -> l.metricName().equals(MetricsContract.ESTIMATED_COST)).toList();

        assertThat(cost.stream().map(l -> l.dimensionValues().get(1)).toList())
                .containsExactly(Variant.STABLE, Variant.CANARY, "a", "b");
        assertThat(cost).allSatisfy(l -> assertThat(l.widget()).isEqualTo(ServingDashboard.ENDPOINT_WIDGETS.get(8)));
    }

    @Test
    void shadowWidget_should_countEveryCopyOfTheShadowVariant_when_synthesised() {
        // GIVEN the dashboard's shadow lines
        List<DashboardBody.MetricLine> shadow = DashboardBody.metricLines(body()).stream()
                .filter(l -> l.widget().equals(ServingDashboard.ENDPOINT_WIDGETS.get(10))).toList();

        // THEN per endpoint: sent, compared, skipped, failed and the disagreement rate, all of variant "shadow"
        assertThat(shadow).extracting(DashboardBody.MetricLine::metricName).containsExactly(
                MetricsContract.SHADOW_REQUESTS, MetricsContract.SHADOW_COMPARED, MetricsContract.SHADOW_SKIPPED,
                MetricsContract.SHADOW_FAILED, MetricsContract.SHADOW_DISAGREEMENT,
                MetricsContract.SHADOW_REQUESTS, MetricsContract.SHADOW_COMPARED, MetricsContract.SHADOW_SKIPPED,
                MetricsContract.SHADOW_FAILED, MetricsContract.SHADOW_DISAGREEMENT);
        assertThat(shadow).allSatisfy(l -> {
            assertThat(l.dimensionNames()).isEqualTo(MetricsContract.BY_ENDPOINT_VARIANT);
            assertThat(l.dimensionValues().get(1)).isEqualTo(Variant.SHADOW);
        });
    }

    private static JsonNode widget(JsonNode body, String title) {
        for (JsonNode w : body.path("widgets")) {
            if (w.path("properties").path("title").asText().equals(title)) {
                return w;
            }
        }
        throw new AssertionError("no widget " + title);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
