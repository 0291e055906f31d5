package io.modelfn.core.alarms;

import java.util.List;
import java.util.Objects;

/**
 * One CloudWatch alarm, whole: the CDK app renders it into a template and the rollout function into
 * a {@code PutMetricAlarm} request, so an alarm made either way watches the same thing.
 *
 * <p>An alarm reads either one metric ({@code expression} null, one entry in {@code metrics}) or a
 * math expression over its metrics, whose ids the expression names.
 *
 * @param expression the metric math the alarm compares, or null for an alarm on its one metric
 * @param expressionLabel the expression's label (shown in the console), or null
 */
public record AlarmDefinition(String name, String description, List<AlarmMetric> metrics, String expression,
        String expressionLabel, double threshold, Comparison comparison, int evaluationPeriods, int datapointsToAlarm,
        MissingData missingData, AlarmAction action) {

    /** The id of the expression among an alarm's metric queries (what CDK names the first expression). */
    public static final String EXPRESSION_ID = "expr_1";

    public AlarmDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(missingData, "missingData");
        Objects.requireNonNull(action, "action");
        metrics = List.copyOf(metrics);
        description = description == null ? "" : description;
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException(name + ": an alarm reads at least one metric");
        }
        if (expression == null && metrics.size() != 1) {
            throw new IllegalArgumentException(name + ": an alarm without an expression reads exactly one metric");
        }
        if (evaluationPeriods < 1 || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException(name + ": need 1 <= datapointsToAlarm <= evaluationPeriods");
        }
        if (name.length() > 255) {
            throw new IllegalArgumentException(name + ": an alarm name has at most 255 characters");
        }
        int period = metrics.get(0).periodSeconds();
        if (metrics.stream().anyMatch(m -> m.periodSeconds() != period)) {
            throw new IllegalArgumentException(name + ": every metric of an alarm has the same period");
        }
    }

    /** The alarm's period (every metric's). */
    public int periodSeconds() {
        return metrics.get(0).periodSeconds();
    }

    /** Whether the alarm compares a math expression (else its one metric). */
    public boolean isMath() {
        return expression != null;
    }
}
