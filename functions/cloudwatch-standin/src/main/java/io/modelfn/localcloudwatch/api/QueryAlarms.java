package io.modelfn.localcloudwatch.api;

import io.modelfn.localcloudwatch.alarms.AlarmDefinition;
import io.modelfn.localcloudwatch.alarms.Comparison;
import io.modelfn.localcloudwatch.alarms.MetricQuery;
import io.modelfn.localcloudwatch.alarms.MetricStat;
import io.modelfn.localcloudwatch.alarms.MissingData;
import io.modelfn.localcloudwatch.metrics.MetricKey;
import io.modelfn.localcloudwatch.metrics.Statistic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A PutMetricAlarm request's parameters as an {@link AlarmDefinition}. */
final class QueryAlarms {

    private QueryAlarms() {
    }

    static AlarmDefinition definition(QueryParameters q) {
        try {
            List<MetricQuery> metrics = new ArrayList<>();
            List<String> members = q.members("Metrics");
            if (!members.isEmpty()) {
                for (String m : members) {
                    String id = q.required(m + ".Id");
                    boolean returnData = q.get(m + ".ReturnData") == null || Boolean.parseBoolean(q.get(m + ".ReturnData"));
                    if (q.get(m + ".Expression") != null) {
                        String period = q.get(m + ".Period");
                        metrics.add(MetricQuery.ofExpression(id, q.get(m + ".Expression"),
                                period == null ? null : Integer.valueOf(period), returnData));
                    } else {
                        String s = m + ".MetricStat";
                        MetricKey key = new MetricKey(q.required(s + ".Metric.Namespace"), q.required(s + ".Metric.MetricName"),
                                dimensions(q, s + ".Metric.Dimensions"));
                        metrics.add(MetricQuery.ofStat(id, new MetricStat(key, q.integer(s + ".Period", 60),
                                Statistic.of(q.required(s + ".Stat"))), returnData));
                    }
                }
            } else {
                MetricKey key = new MetricKey(q.required("Namespace"), q.required("MetricName"), dimensions(q, "Dimensions"));
                String statistic = q.get("ExtendedStatistic") != null ? q.get("ExtendedStatistic") : q.required("Statistic");
                metrics.add(MetricQuery.ofStat("m1", new MetricStat(key, q.integer("Period", 60), Statistic.of(statistic)), true));
            }
            int periods = q.integer("EvaluationPeriods", 0);
            return new AlarmDefinition(q.required("AlarmName"), q.get("AlarmDescription"), metrics, q.number("Threshold"),
                    Comparison.of(q.required("ComparisonOperator")), periods, q.integer("DatapointsToAlarm", periods),
                    MissingData.of(q.get("TreatMissingData")), q.strings("AlarmActions"),
                    q.get("ActionsEnabled") == null || Boolean.parseBoolean(q.get("ActionsEnabled")));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage());
        }
    }

    private static Map<String, String> dimensions(QueryParameters q, String name) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (String d : q.members(name)) {
            dimensions.put(q.required(d + ".Name"), q.required(d + ".Value"));
        }
        return dimensions;
    }
}
