package io.modelfn.localcloudwatch.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric math of our alarms (infra-cdk RolloutAlarms), on series aligned by period. */
class MetricMathTest {

    private static final List<Long> T = List.of(0L, 60_000L, 120_000L);

    private static MetricMath.Series series(Double... values) {
        MetricMath.Series s = new MetricMath.Series();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                s.put(T.get(i), values[i]);
            }
        }
        return s;
    }

    @Test
    void error_rate_should_be_errors_over_requests_and_absent_where_there_were_no_requests() {
        // GIVEN errors and requests with a silent middle period
        var inputs = Map.of("errors", series(1.0, null, 0.0), "requests", series(4.0, null, 10.0));
        // WHEN the canary error-rate expression is evaluated
        var rate = MetricMath.evaluate("IF(requests > 0, errors / requests, 0)", inputs, T);
        // THEN the rate is there only where both metrics are
        assertThat(rate.points()).containsExactly(Map.entry(0L, 0.25), Map.entry(120_000L, 0.0));
    }

    @Test
    void accuracy_should_fill_a_missing_side_with_zero_and_answer_one_below_the_sample_floor() {
        var inputs = Map.of("correct", series(18.0, 3.0, null), "incorrect", series(6.0, null, 2.0));
        String total = "(FILL(correct, 0) + FILL(incorrect, 0))";
        var accuracy = MetricMath.evaluate("IF(" + total + " >= 20, FILL(correct, 0) / " + total + ", 1)", inputs, T);
        assertThat(accuracy.points()).containsExactly(Map.entry(0L, 0.75), Map.entry(60_000L, 1.0), Map.entry(120_000L, 1.0));
    }

    @Test
    void arithmetic_should_keep_precedence_and_drop_divisions_by_zero() {
        var inputs = Map.of("a", series(2.0, 4.0, 0.0));
        assertThat(MetricMath.evaluate("1 + a * 3 - -a", inputs, T).points())
                .containsExactly(Map.entry(0L, 9.0), Map.entry(60_000L, 17.0), Map.entry(120_000L, 1.0));
        assertThat(MetricMath.evaluate("10 / a", inputs, T).points()).containsOnlyKeys(0L, 60_000L);
    }

    @Test
    void evaluate_should_refuse_what_it_does_not_know() {
        assertThatThrownBy(() -> MetricMath.evaluate("SELECT MAX(FeatureDriftPSI) FROM SCHEMA(\"ModelFn\", Model)", Map.of(), T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Metrics Insights");
        assertThatThrownBy(() -> MetricMath.evaluate("ANOMALY_DETECTION_BAND(m1)", Map.of(), T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricMath.evaluate("errors / nobody", Map.of("errors", series(1.0)), T))
                .hasMessageContaining("unknown id 'nobody'");
    }
}
