package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.Variant;
import io.modelfn.infra.support.DashboardBody;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The metrics contract holds between code and infrastructure: every alarm and dashboard metric of
 * our namespace in every synthesised template uses a metric name and a dimension set of
 * {@link MetricsContract}, and the CDK sources never spell those names themselves.
 */
class MetricsContractComplianceTest {

    private static final Set<String> CONTRACT_METRICS = Set.of(
            MetricsContract.REQUESTS, MetricsContract.CLIENT_ERRORS, MetricsContract.SERVER_ERRORS,
            MetricsContract.LATENCY, MetricsContract.INFERENCE_LATENCY, MetricsContract.MODEL_LOAD_TIME,
            MetricsContract.CACHE_HIT, MetricsContract.CACHE_MISS, MetricsContract.COLD_START,
            MetricsContract.SHADOW_DISAGREEMENT, MetricsContract.FEEDBACK_CORRECT, MetricsContract.FEEDBACK_INCORRECT,
            MetricsContract.FEEDBACK_ABSOLUTE_ERROR, MetricsContract.FEATURE_DRIFT_PSI, MetricsContract.ESTIMATED_COST,
            MetricsContract.RESULT_CACHE_HIT, MetricsContract.FEATURE_BIN_COUNT, MetricsContract.SHADOW_REQUESTS,
            MetricsContract.SHADOW_COMPARED, MetricsContract.SHADOW_SKIPPED, MetricsContract.SHADOW_FAILED);
    /** Namespaces other than ours that alarms and dashboards may read (the functions' own metrics). */
    private static final Set<String> SERVICE_NAMESPACES = Set.of("AWS/Lambda");

    /** One metric read by an alarm or a dashboard. */
    record MetricUse(String where, String namespace, String metricName, List<String> dimensionNames, List<String> values) {
    }

    @Test
    void alarmsAndDashboards_should_useContractNamesAndDimensionSets_when_anyStageIsSynthesised() {
        // GIVEN every synthesised stage
        List<MetricUse> uses = new ArrayList<>();
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            for (var stack : stage.stacks()) {
                JsonNode template = stage.json(stack);
                // WHEN collecting every metric of every alarm and dashboard
                TemplateJson.resources(template, "AWS::CloudWatch::Alarm").forEach((id, alarm) ->
                        uses.addAll(alarmMetrics(stack.getStackName() + "/" + id, alarm.path("Properties"))));
                TemplateJson.resources(template, "AWS::CloudWatch::Dashboard").forEach((id, dashboard) ->
                        DashboardBody.metricLines(DashboardBody.parse(dashboard)).forEach(l -> uses.add(new MetricUse(
                                stack.getStackName() + "/" + id + "/" + l.widget(), l.namespace(), l.metricName(),
                                l.dimensionNames(), l.dimensionValues()))));
            }
        }

        // THEN there are many, and each of ours uses a contract metric and dimension set
        List<MetricUse> ours = uses.stream().filter(u -> MetricsContract.NAMESPACE.equals(u.namespace())).toList();
        assertThat(ours).hasSizeGreaterThan(50);
        assertThat(ours).allSatisfy(u -> {
            assertThat(CONTRACT_METRICS).as(u.where()).contains(u.metricName());
            assertThat(MetricsContract.DIMENSION_SETS).as(u.where()).contains(u.dimensionNames());
        });
        // and everything else reads a service's own metrics
        assertThat(uses).filteredOn(u -> !MetricsContract.NAMESPACE.equals(u.namespace()))
                .allSatisfy(u -> assertThat(SERVICE_NAMESPACES).as(u.where()).contains(u.namespace()));
    }

    @Test
    void rolloutAlarms_should_watchTheCanaryVariantByEndpointAndVariant_when_synthesised() {
        SynthesizedStage dev = SynthesizedStage.dev();
        JsonNode template = dev.json(dev.stage().serving());

        List<MetricUse> canary = new ArrayList<>();
        List<MetricUse> stable = new ArrayList<>();
        TemplateJson.resources(template, "AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            String name = alarm.path("Properties").path("AlarmName").asText();
            if (name.startsWith(dev.stage().settings().endpointAlarmPrefix())) {
                (name.contains("-" + Variant.CANARY + "-") ? canary : stable).addAll(alarmMetrics(id, alarm.path("Properties")));
            }
        });

        // 2 endpoints x (2 + 1 + 2) metrics on the canary
        assertThat(canary).hasSize(10).allSatisfy(u -> {
            assertThat(u.dimensionNames()).isEqualTo(MetricsContract.BY_ENDPOINT_VARIANT);
            assertThat(u.values().get(1)).isEqualTo(Variant.CANARY);
        });
        // and 2 endpoints x (2 + 1) on the stable variant
        assertThat(stable).hasSize(6).allSatisfy(u -> {
            assertThat(u.dimensionNames()).isEqualTo(MetricsContract.BY_ENDPOINT_VARIANT);
            assertThat(u.values().get(1)).isEqualTo(Variant.STABLE);
        });
    }

    @Test
    void cdkSources_should_notSpellContractNames_when_read() throws IOException {
        // GIVEN the main sources of this module
        List<String> literals = new ArrayList<>();
        CONTRACT_METRICS.forEach(m -> literals.add("\"" + m + "\""));
        Stream.of(MetricsContract.NAMESPACE, MetricsContract.ENDPOINT, MetricsContract.VARIANT, MetricsContract.MODEL,
                MetricsContract.VERSION).forEach(d -> literals.add("\"" + d + "\""));
        Path sources = Path.of(System.getProperty("modelfn.config.dir", "config")).toAbsolutePath().getParent().resolve("src/main/java");

        // WHEN / THEN none of them holds a contract name as a string literal
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                assertThat(literals).as(file.toString()).noneMatch(text::contains);
            }
        }
    }

    private static List<MetricUse> alarmMetrics(String where, JsonNode alarm) {
        List<MetricUse> uses = new ArrayList<>();
        if (alarm.has("MetricName")) {
            uses.add(use(where, alarm.path("Namespace").asText(), alarm.path("MetricName").asText(), alarm.path("Dimensions")));
        }
        for (JsonNode query : TemplateJson.list(alarm.path("Metrics"))) {
            JsonNode metric = query.path("MetricStat").path("Metric");
            if (!metric.isMissingNode()) {
                uses.add(use(where, metric.path("Namespace").asText(), metric.path("MetricName").asText(),
                        metric.path("Dimensions")));
            }
        }
        return uses;
    }

    private static MetricUse use(String where, String namespace, String name, JsonNode dimensions) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (JsonNode d : TemplateJson.list(dimensions)) {
            names.add(d.path("Name").asText());
            values.add(d.path("Value").asText());
        }
        return new MetricUse(where, namespace, name, names, values);
    }
}
