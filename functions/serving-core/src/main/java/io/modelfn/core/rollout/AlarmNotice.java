package io.modelfn.core.rollout;

import java.util.Map;

/**
 * A CloudWatch alarm's state change, whichever way it arrived (alarm action or EventBridge).
 *
 * @param state {@code ALARM}, {@code OK} or {@code INSUFFICIENT_DATA}
 * @param namespace the namespace of the alarm's metrics ({@code ModelFn}, {@code AWS/Lambda})
 * @param dimensions the dimensions of the alarm's metrics (for ModelFn: Endpoint and Variant)
 */
public record AlarmNotice(String alarmName, String state, String reason, String namespace, Map<String, String> dimensions) {

    public static final String ALARM = "ALARM";

    public AlarmNotice {
        dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
        reason = reason == null ? "" : reason;
    }

    public boolean inAlarm() {
        return ALARM.equals(state);
    }
}
