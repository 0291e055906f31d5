package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.rollout.AlarmNotice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample events of samples/events/ read as the rollout function reads them. */
class RolloutEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> event(String file) throws IOException {
        Path dir = Path.of(System.getProperty("sample.events.dir", "../../samples/events"));
        return JSON.readValue(dir.resolve(file).toFile(), new TypeReference<>() { });
    }

    @Test
    void parse_should_read_an_alarm_action_event_with_metric_math() throws IOException {
        RolloutEvents.Event event = RolloutEvents.parse(event("cloudwatch-alarm-action-canary-errors.json"));

        assertThat(event).isInstanceOf(RolloutEvents.Alarm.class);
        AlarmNotice notice = ((RolloutEvents.Alarm) event).notice();
        assertThat(notice.alarmName()).isEqualTo("modelfn-dev-iris-canary-error-rate");
        assertThat(notice.inAlarm()).isTrue();
        assertThat(notice.namespace()).isEqualTo("ModelFn");
        assertThat(notice.dimensions()).containsEntry("Endpoint", "iris").containsEntry("Variant", "canary");
        assertThat(notice.reason()).startsWith("Threshold Crossed");
    }

    @Test
    void parse_should_read_an_eventbridge_alarm_state_change() throws IOException {
        AlarmNotice notice = ((RolloutEvents.Alarm) RolloutEvents.parse(
                event("eventbridge-alarm-state-change-canary-latency.json"))).notice();

        assertThat(notice.alarmName()).isEqualTo("modelfn-dev-iris-canary-p99-latency");
        assertThat(notice.state()).isEqualTo("ALARM");
        assertThat(notice.dimensions()).containsEntry("Variant", "canary");
    }

    @Test
    void parse_should_read_ok_and_insufficient_data_states() throws IOException {
        assertThat(((RolloutEvents.Alarm) RolloutEvents.parse(event("cloudwatch-alarm-action-canary-ok.json")))
                .notice().state()).isEqualTo("OK");
        assertThat(((RolloutEvents.Alarm) RolloutEvents.parse(event("cloudwatch-alarm-action-canary-insufficient-data.json")))
                .notice().state()).isEqualTo("INSUFFICIENT_DATA");
    }

    @Test
    void parse_should_read_a_function_alias_alarm() throws IOException {
        AlarmNotice notice = ((RolloutEvents.Alarm) RolloutEvents.parse(
                event("cloudwatch-alarm-action-function-alias-errors.json"))).notice();

        assertThat(notice.namespace()).isEqualTo("AWS/Lambda");
        assertThat(notice.dimensions()).containsEntry("Resource", "modelfn-dev-predict:live");
    }

    @Test
    void parse_should_recognise_the_schedule_and_ignore_anything_else() throws IOException {
        assertThat(RolloutEvents.parse(event("eventbridge-scheduled-rollout-step.json"))).isInstanceOf(RolloutEvents.Schedule.class);
        assertThat(RolloutEvents.parse(Map.of("source", "aws.s3", "detail-type", "Object Created")))
                .isInstanceOf(RolloutEvents.Unknown.class);
        assertThat(RolloutEvents.parse(Map.of())).isInstanceOf(RolloutEvents.Unknown.class);
    }
}
