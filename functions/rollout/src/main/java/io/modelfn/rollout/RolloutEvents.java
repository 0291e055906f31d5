package io.modelfn.rollout;

import com.amazonaws.services.lambda.runtime.events.CloudWatchMetricAlarmEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.rollout.AlarmNotice;
import java.util.HashMap;
import java.util.Map;

/**
 * What the rollout function is woken by, from the raw event: a CloudWatch alarm-action event
 * ({@link CloudWatchMetricAlarmEvent}), an EventBridge "CloudWatch Alarm State Change" event, or the
 * EventBridge schedule. Anything else is unknown (logged and ignored).
 */
public final class RolloutEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RolloutEvents() {
    }

    /** The kinds of events. */
    public sealed interface Event {
    }

    /** An alarm changed state. */
    public record Alarm(AlarmNotice notice) implements Event {
    }

    /** The every-minute tick that advances rollouts. */
    public record Schedule() implements Event {
    }

    /** Nothing we act on. */
    public record Unknown(String description) implements Event {
    }

    public static Event parse(Map<String, Object> raw) {
        JsonNode event = MAPPER.valueToTree(raw);
        if (event.has("alarmData")) {
            return new Alarm(fromAlarmAction(MAPPER.convertValue(raw, CloudWatchMetricAlarmEvent.class)));
        }
        String detailType = event.path("detail-type").asText("");
        if (detailType.equals("CloudWatch Alarm State Change")) {
            return new Alarm(fromEventBridge(event.path("detail")));
        }
        if (detailType.equals("Scheduled Event")) {
            return new Schedule();
        }
        return new Unknown("source '" + event.path("source").asText("?") + "', detail-type '" + detailType + "'");
    }

    static AlarmNotice fromAlarmAction(CloudWatchMetricAlarmEvent event) {
        var data = event.getAlarmData();
        var state = data.getState();
        String namespace = null;
        Map<String, String> dimensions = new HashMap<>();
        if (data.getConfiguration() != null && data.getConfiguration().getMetrics() != null) {
            for (var metric : data.getConfiguration().getMetrics()) {
                if (metric.getMetricStat() == null || metric.getMetricStat().getMetric() == null) {
                    continue; // a math expression: its inputs carry the dimensions
                }
                var detail = metric.getMetricStat().getMetric();
                namespace = namespace == null ? detail.getNamespace() : namespace;
                if (detail.getDimensions() != null) {
                    dimensions.putAll(detail.getDimensions());
                }
            }
        }
        return new AlarmNotice(data.getAlarmName(), state == null ? null : state.getValue(),
                state == null ? null : state.getReason(), namespace, dimensions);
    }

    static AlarmNotice fromEventBridge(JsonNode detail) {
        String namespace = null;
        Map<String, String> dimensions = new HashMap<>();
        for (JsonNode metric : detail.path("configuration").path("metrics")) {
            JsonNode m = metric.path("metricStat").path("metric");
            if (m.isMissingNode()) {
                continue;
            }
            namespace = namespace == null ? m.path("namespace").asText(null) : namespace;
            m.path("dimensions").fields().forEachRemaining(e -> dimensions.put(e.getKey(), e.getValue().asText()));
        }
        return new AlarmNotice(detail.path("alarmName").asText(null), detail.path("state").path("value").asText(null),
                detail.path("state").path("reason").asText(null), namespace, dimensions);
    }
}
