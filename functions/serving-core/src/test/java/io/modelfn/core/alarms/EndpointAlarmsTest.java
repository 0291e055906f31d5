package io.modelfn.core.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.rollout.AlarmThresholds;
import io.modelfn.core.rollout.EndpointAlarms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointAlarmsTest {

    private static final AlarmThresholds LIMITS = new AlarmThresholds(0.05, 500, 0.8, 20, 3);

    @Test
    void canary_should_roll_back_on_error_rate_latency_and_accuracy_of_the_canary() {
        List<AlarmDefinition> alarms = EndpointAlarms.canary("modelfn-dev-", "iris", LIMITS);

        assertThat(alarms).extracting(AlarmDefinition::name).containsExactly(
                "modelfn-dev-iris-canary-error-rate", "modelfn-dev-iris-canary-p99-latency", "modelfn-dev-iris-canary-accuracy");
        assertThat(alarms).allSatisfy(a -> {
            assertThat(a.action()).isEqualTo(AlarmAction.ROLL_BACK);
            assertThat(a.missingData()).isEqualTo(MissingData.NOT_BREACHING);
            assertThat(a.metrics()).allSatisfy(m -> {
                assertThat(m.namespace()).isEqualTo(MetricsContract.NAMESPACE);
                assertThat(m.dimensions()).containsExactly(Map.entry("Endpoint", "iris"), Map.entry("Variant", "canary"));
            });
        });
    }

    @Test
    void errorRate_should_divide_server_errors_by_requests_per_minute_over_the_evaluation_periods() {
        AlarmDefinition errorRate = EndpointAlarms.canary("p-", "iris", LIMITS).get(0);

        assertThat(errorRate.expression()).isEqualTo("IF(requests > 0, errors / requests, 0)");
        assertThat(errorRate.metrics()).extracting(AlarmMetric::id, AlarmMetric::metricName, AlarmMetric::statistic,
                AlarmMetric::periodSeconds).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("errors", MetricsContract.SERVER_ERRORS, "Sum", 60),
                        org.assertj.core.groups.Tuple.tuple("requests", MetricsContract.REQUESTS, "Sum", 60));
        assertThat(errorRate.threshold()).isEqualTo(0.05);
        assertThat(errorRate.comparison()).isEqualTo(Comparison.GREATER_THAN_THRESHOLD);
        assertThat(errorRate.evaluationPeriods()).isEqualTo(3);
        assertThat(errorRate.datapointsToAlarm()).isEqualTo(3);
    }

    @Test
    void latency_should_read_one_percentile_metric_without_an_expression() {
        AlarmDefinition latency = EndpointAlarms.canary("p-", "iris", LIMITS).get(1);

        assertThat(latency.isMath()).isFalse();
        assertThat(latency.metrics()).singleElement().satisfies(m -> {
            assertThat(m.isPercentile()).isTrue();
            assertThat(m.metricName()).isEqualTo(MetricsContract.LATENCY);
        });
        assertThat(latency.threshold()).isEqualTo(500);
    }

    @Test
    void accuracy_should_count_only_periods_with_enough_feedback() {
        AlarmDefinition accuracy = EndpointAlarms.canary("p-", "iris", LIMITS).get(2);

        assertThat(accuracy.expression()).isEqualTo(
                "IF((FILL(correct, 0) + FILL(incorrect, 0)) >= 20, FILL(correct, 0) / (FILL(correct, 0) + FILL(incorrect, 0)), 1)");
        assertThat(accuracy.periodSeconds()).isEqualTo(300);
        assertThat(accuracy.comparison()).isEqualTo(Comparison.LESS_THAN_THRESHOLD);
        assertThat(accuracy.evaluationPeriods()).isEqualTo(1);
    }

    @Test
    void stable_should_watch_error_rate_and_latency_of_the_stable_variant_and_call_the_rollout_function() {
        List<AlarmDefinition> alarms = EndpointAlarms.stable("p-", "iris", LIMITS);

        assertThat(alarms).extracting(AlarmDefinition::name).containsExactly("p-iris-stable-error-rate", "p-iris-stable-p99-latency");
        assertThat(alarms).allSatisfy(a -> {
            assertThat(a.action()).isEqualTo(AlarmAction.ROLL_BACK);
            assertThat(a.metrics()).allSatisfy(m -> assertThat(m.dimensions()).containsEntry("Variant", "stable"));
        });
    }

    @Test
    void definition_should_refuse_mixed_periods_and_more_datapoints_than_periods() {
        AlarmMetric minute = new AlarmMetric("a", "ModelFn", "Requests", Map.of(), "Sum", 60);
        AlarmMetric fiveMinutes = new AlarmMetric("b", "ModelFn", "Requests", Map.of(), "Sum", 300);

        assertThatThrownBy(() -> new AlarmDefinition("x", "", List.of(minute, fiveMinutes), "a + b", null, 1,
                Comparison.GREATER_THAN_THRESHOLD, 1, 1, MissingData.IGNORE, AlarmAction.NOTIFY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same period");
        assertThatThrownBy(() -> new AlarmDefinition("x", "", List.of(minute), null, null, 1,
                Comparison.GREATER_THAN_THRESHOLD, 1, 2, MissingData.IGNORE, AlarmAction.NOTIFY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("datapointsToAlarm");
    }
}
