package io.modelfn.localcloudwatch.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alarm definitions read from the alarms of a template CDK synthesized (dev settings). */
class TemplateAlarmsTest {

    static JsonNode synthesized() throws IOException {
        try (InputStream in = TemplateAlarmsTest.class.getResourceAsStream("/synthesized-alarms.template.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void read_should_take_metric_math_alarms_with_their_inputs_and_settings() throws IOException {
        List<AlarmDefinition> alarms = TemplateAlarms.read(synthesized(), Map.of("RolloutLive216E103B", "arn:rollout:live"));
        AlarmDefinition errorRate = alarms.stream().filter(a -> a.name().equals("modelfn-dev-endpoint-iris-canary-error-rate"))
                .findFirst().orElseThrow();
        assertThat(errorRate.returned().expression()).isEqualTo("IF(requests > 0, errors / requests, 0)");
        assertThat(errorRate.metrics()).filteredOn(q -> !q.isExpression())
                .extracting(q -> q.stat().metric().name(), q -> q.stat().metric().dimensions(), q -> q.stat().periodSeconds())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ServerErrors", Map.of("Endpoint", "iris", "Variant", "canary"), 60),
                        org.assertj.core.groups.Tuple.tuple("Requests", Map.of("Endpoint", "iris", "Variant", "canary"), 60));
        assertThat(errorRate.threshold()).isEqualTo(0.05);
        assertThat(errorRate.comparison()).isEqualTo(Comparison.GreaterThanThreshold);
        assertThat(errorRate.evaluationPeriods()).isEqualTo(2);
        assertThat(errorRate.datapointsToAlarm()).isEqualTo(2);
        assertThat(errorRate.treatMissingData()).isEqualTo(MissingData.notBreaching);
        assertThat(errorRate.alarmActions()).containsExactly("arn:rollout:live");
        assertThat(errorRate.periodSeconds()).isEqualTo(60);
    }

    @Test
    void read_should_take_single_metric_alarms_with_extended_statistics_and_resolved_dimensions() throws IOException {
        List<AlarmDefinition> alarms = TemplateAlarms.read(synthesized(), Map.of("PredictionFunction85E6F3AD", "modelfn-dev-predict"));
        AlarmDefinition duration = alarms.stream().filter(a -> a.name().equals("modelfn-dev-function-predict-live-p99-duration"))
                .findFirst().orElseThrow();
        MetricStat stat = duration.returned().stat();
        assertThat(duration.isSingleMetric()).isTrue();
        assertThat(stat.metric().namespace()).isEqualTo("AWS/Lambda");
        assertThat(stat.metric().dimensions()).isEqualTo(Map.of("FunctionName", "modelfn-dev-predict",
                "Resource", "modelfn-dev-predict:live"));
        assertThat(stat.stat().name()).isEqualTo("p99");
        AlarmDefinition accuracy = alarms.stream().filter(a -> a.name().endsWith("iris-canary-accuracy")).findFirst().orElseThrow();
        assertThat(accuracy.datapointsToAlarm()).isEqualTo(1);
        assertThat(accuracy.periodSeconds()).isEqualTo(300);
        assertThat(alarms).extracting(AlarmDefinition::name).contains("modelfn-dev-models-feature-drift");
    }
}
