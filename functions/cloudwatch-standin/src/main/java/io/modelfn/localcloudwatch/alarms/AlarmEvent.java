package io.modelfn.localcloudwatch.alarms;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event CloudWatch sends a Lambda function that is an alarm's action ({@code source}
 * {@code aws.cloudwatch}, {@code alarmData} with the state, the previous state and the alarm's
 * configuration), as a JSON-ready map: what the rollout function parses in AWS.
 */
public final class AlarmEvent {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private AlarmEvent() {
    }

    public static Map<String, Object> of(AlarmDefinition alarm, String alarmArn, String accountId, String region,
            AlarmState previous, String previousReason, Instant previousAt, AlarmState state, String reason, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("source", "aws.cloudwatch");
        event.put("alarmArn", alarmArn);
        event.put("accountId", accountId);
        event.put("time", TIME.format(at));
        event.put("region", region);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alarmName", alarm.name());
        data.put("state", state(state, reason, at));
        data.put("previousState", state(previous, previousReason, previousAt));
        Map<String, Object> configuration = new LinkedHashMap<>();
        if (alarm.description() != null) {
            configuration.put("description", alarm.description());
        }
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricQuery q : alarm.metrics()) {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("id", q.id());
            if (q.isExpression()) {
                metric.put("expression", q.expression());
            } else {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("namespace", q.stat().metric().namespace());
                detail.put("name", q.stat().metric().name());
                detail.put("dimensions", q.stat().metric().dimensions());
                Map<String, Object> stat = new LinkedHashMap<>();
                stat.put("metric", detail);
                stat.put("period", q.stat().periodSeconds());
                stat.put("stat", q.stat().stat().name());
                metric.put("metricStat", stat);
            }
            metric.put("returnData", q.returnData());
            metrics.add(metric);
        }
        configuration.put("metrics", metrics);
        data.put("configuration", configuration);
        event.put("alarmData", data);
        return event;
    }

    private static Map<String, Object> state(AlarmState value, String reason, Instant at) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("value", value.name());
        state.put("reason", reason == null ? "" : reason);
        state.put("timestamp", TIME.format(at));
        return state;
    }
}
