package io.modelfn.localcloudwatch.alarms;

/**
 * One entry of an alarm's {@code Metrics}: either a {@link MetricStat} or a math {@code expression} over
 * the other entries' ids. The one with {@code returnData} is what the alarm compares with its threshold.
 */
public record MetricQuery(String id, MetricStat stat, String expression, Integer periodSeconds, boolean returnData) {

    public static MetricQuery ofStat(String id, MetricStat stat, boolean returnData) {
        return new MetricQuery(id, stat, null, null, returnData);
    }

    public static MetricQuery ofExpression(String id, String expression, Integer periodSeconds, boolean returnData) {
        return new MetricQuery(id, null, expression, periodSeconds, returnData);
    }

    public boolean isExpression() {
        return expression != null;
    }
}
