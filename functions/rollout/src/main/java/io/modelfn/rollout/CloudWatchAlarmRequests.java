package io.modelfn.rollout;

import io.modelfn.core.alarms.AlarmAction;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

/**
 * Renders an alarm definition (serving-core) into a {@code PutMetricAlarm} request: the same
 * properties the CDK app writes into its template for the same definition (a test compares them).
 * Stateless.
 *
 * @param rollbackAction the ARN an alarm that rolls back calls (the rollout function's alias), if any
 * @param notifyTopic the ARN of the topic every alarm tells people through, if any
 */
public record CloudWatchAlarmRequests(Optional<String> rollbackAction, Optional<String> notifyTopic) {

    /** The request that creates or overwrites the alarm {@code alarm}. */
    public PutMetricAlarmRequest render(AlarmDefinition alarm) {
        var request = PutMetricAlarmRequest.builder()
                .alarmName(alarm.name())
                .alarmDescription(alarm.description())
                .threshold(alarm.threshold())
                .comparisonOperator(alarm.comparison().cloudWatchName())
                .evaluationPeriods(alarm.evaluationPeriods())
                .datapointsToAlarm(alarm.datapointsToAlarm())
                .treatMissingData(alarm.missingData().cloudWatchName())
                .alarmActions(actions(alarm.action()));
        if (alarm.isMath()) {
            List<MetricDataQuery> queries = new ArrayList<>();
            queries.add(MetricDataQuery.builder().id(AlarmDefinition.EXPRESSION_ID).expression(alarm.expression())
                    .label(alarm.expressionLabel()).returnData(true).build());
            for (AlarmMetric metric : alarm.metrics()) {
                queries.add(MetricDataQuery.builder().id(metric.id()).returnData(false)
                        .metricStat(MetricStat.builder().metric(metric(metric)).period(metric.periodSeconds())
                                .stat(metric.statistic()).build())
                        .build());
            }
            return request.metrics(queries).build();
        }
        AlarmMetric metric = alarm.metrics().get(0);
        request.namespace(metric.namespace()).metricName(metric.metricName()).dimensions(dimensions(metric))
                .period(metric.periodSeconds());
        if (metric.isPercentile()) {
            request.extendedStatistic(metric.statistic());
        } else {
            request.statistic(metric.statistic());
        }
        return request.build();
    }

    private List<String> actions(AlarmAction action) {
        List<String> arns = new ArrayList<>();
        if (action == AlarmAction.ROLL_BACK) {
            rollbackAction.ifPresent(arns::add);
        }
        notifyTopic.ifPresent(arns::add);
        return arns;
    }

    private static Metric metric(AlarmMetric metric) {
        return Metric.builder().namespace(metric.namespace()).metricName(metric.metricName()).dimensions(dimensions(metric))
                .build();
    }

    private static List<Dimension> dimensions(AlarmMetric metric) {
        return metric.dimensions().entrySet().stream()
                .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList();
    }
}
