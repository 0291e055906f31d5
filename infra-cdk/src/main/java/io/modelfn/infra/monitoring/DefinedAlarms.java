package io.modelfn.infra.monitoring;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmMetric;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * Renders an alarm definition (serving-core's {@code io.modelfn.core.alarms}) into a CloudWatch
 * alarm construct: the template then carries the same properties as the rollout function's
 * {@code PutMetricAlarm} request for the same definition (tests compare both with one expectation).
 * Actions are the caller's to add. Stateless.
 */
public final class DefinedAlarms {

    private DefinedAlarms() {
    }

    /** The alarm {@code definition}, as construct {@code id} under {@code scope}, without actions. */
    public static Alarm render(Construct scope, String id, AlarmDefinition definition) {
        return Alarm.Builder.create(scope, id)
                .alarmName(definition.name())
                .alarmDescription(definition.description())
                .metric(metric(definition))
                .threshold(definition.threshold())
                .comparisonOperator(ComparisonOperator.valueOf(definition.comparison().name()))
                .evaluationPeriods(definition.evaluationPeriods())
                .datapointsToAlarm(definition.datapointsToAlarm())
                .treatMissingData(TreatMissingData.valueOf(definition.missingData().name()))
                .build();
    }

    private static IMetric metric(AlarmDefinition definition) {
        Duration period = Duration.seconds(definition.periodSeconds());
        if (!definition.isMath()) {
            return metric(definition.metrics().get(0));
        }
        Map<String, IMetric> using = new TreeMap<>();
        definition.metrics().forEach(m -> using.put(m.id(), metric(m)));
        return MathExpression.Builder.create()
                .expression(definition.expression())
                .label(definition.expressionLabel())
                .usingMetrics(using)
                .period(period)
                .build();
    }

    private static Metric metric(AlarmMetric metric) {
        return Metric.Builder.create()
                .namespace(metric.namespace())
                .metricName(metric.metricName())
                .dimensionsMap(metric.dimensions())
                .statistic(metric.statistic())
                .period(Duration.seconds(metric.periodSeconds()))
                .build();
    }
}
