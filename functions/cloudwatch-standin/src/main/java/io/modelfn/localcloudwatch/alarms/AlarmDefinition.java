package io.modelfn.localcloudwatch.alarms;

import java.util.List;

/**
 * A metric alarm as PutMetricAlarm and {@code AWS::CloudWatch::Alarm} define it. A classic alarm on one
 * metric is held as a single returned {@link MetricQuery} with id {@code m1}.
 */
public record AlarmDefinition(String name, String description, List<MetricQuery> metrics, double threshold,
        Comparison comparison, int evaluationPeriods, int datapointsToAlarm, MissingData treatMissingData,
        List<String> alarmActions, boolean actionsEnabled) {

    public AlarmDefinition {
        metrics = List.copyOf(metrics);
        alarmActions = List.copyOf(alarmActions);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an alarm needs a name");
        }
        if (metrics.stream().filter(MetricQuery::returnData).count() != 1) {
            throw new IllegalArgumentException("alarm " + name + ": exactly one metric or expression must return data");
        }
        if (evaluationPeriods < 1 || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException("alarm " + name + ": needs 1 <= DatapointsToAlarm <= EvaluationPeriods");
        }
    }

    /** Whether this is an alarm on one metric (no {@code Metrics} list in the API's terms). */
    public boolean isSingleMetric() {
        return metrics.size() == 1 && !metrics.get(0).isExpression();
    }

    public MetricQuery returned() {
        return metrics.stream().filter(MetricQuery::returnData).findFirst().orElseThrow();
    }

    /** The alarm's period: its returned expression's, else that of its metrics (which must all share it). */
    public int periodSeconds() {
        MetricQuery returned = returned();
        if (!returned.isExpression()) {
            return returned.stat().periodSeconds();
        }
        if (returned.periodSeconds() != null) {
            return returned.periodSeconds();
        }
        return metrics.stream().filter(q -> !q.isExpression()).mapToInt(q -> q.stat().periodSeconds()).max().orElse(60);
    }
}
