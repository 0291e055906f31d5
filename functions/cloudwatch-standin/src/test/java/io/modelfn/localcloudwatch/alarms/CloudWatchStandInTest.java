package io.modelfn.localcloudwatch.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The synthesized canary alarms of endpoint iris, fed the EMF records the functions print, on a virtual
 * clock: a failing canary fires its error-rate alarm after its 2 of 2 periods and the action gets the
 * alarm-action event; a healthy or silent canary does not.
 */
class CloudWatchStandInTest {

    private static final String ERROR_RATE = "modelfn-dev-endpoint-iris-canary-error-rate";
    private static final String LATENCY = "modelfn-dev-endpoint-iris-canary-p99-latency";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private CloudWatchStandIn standIn;
    private EmfMetrics emf;

    @BeforeEach
    void setUp() throws Exception {
        standIn = new CloudWatchStandIn(new MetricStore(3_600_000), clock, 1, "eu-west-1", "123456789012",
                (target, event) -> {
                    targets.add(target);
                    events.add(event);
                });
        TemplateAlarms.read(TemplateAlarmsTest.synthesized(), Map.of("RolloutLive216E103B", "arn:aws:lambda:rollout:live"))
                .forEach(standIn::putAlarm);
        emf = new EmfMetrics(standIn::ingest, clock);
    }

    /** One minute of canary traffic: {@code requests} requests, {@code failing} of them answered 500. */
    private void minute(int requests, int failing, double latencyMs) {
        for (int i = 0; i < requests; i++) {
            emf.record(new RequestMetrics("iris", "canary", "iris", "1.2.0", i < failing ? 500 : 200, latencyMs, 1, 1, -1,
                    false, "r" + i));
            clock.advance(Duration.ofMillis(60_000 / requests));
        }
        standIn.evaluate();
    }

    @Test
    void error_rate_alarm_should_fire_once_after_two_breaching_minutes_when_the_canary_fails() {
        // GIVEN a healthy minute, then failing minutes
        minute(20, 0, 5);
        assertThat(standIn.alarm(ERROR_RATE).orElseThrow().state()).isEqualTo(AlarmState.OK);
        minute(20, 5, 5);
        assertThat(standIn.alarm(ERROR_RATE).orElseThrow().state()).isEqualTo(AlarmState.OK);
        // WHEN the second failing minute has ended
        minute(20, 5, 5);
        // THEN the alarm is in ALARM and its action got the event, once
        assertThat(standIn.alarm(ERROR_RATE).orElseThrow().state()).isEqualTo(AlarmState.ALARM);
        minute(20, 5, 5);
        assertThat(events).hasSize(1);
        assertThat(targets).containsExactly("arn:aws:lambda:rollout:live");
        JsonNode event = new ObjectMapper().valueToTree(events.get(0));
        assertThat(event.path("source").asText()).isEqualTo("aws.cloudwatch");
        assertThat(event.path("alarmArn").asText()).isEqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + ERROR_RATE);
        assertThat(event.at("/alarmData/alarmName").asText()).isEqualTo(ERROR_RATE);
        assertThat(event.at("/alarmData/state/value").asText()).isEqualTo("ALARM");
        assertThat(event.at("/alarmData/previousState/value").asText()).isEqualTo("OK");
        assertThat(event.at("/alarmData/state/reason").asText()).contains("2 out of the last 2 datapoints [0.25, 0.25]");
        assertThat(event.at("/alarmData/configuration/metrics")).anySatisfy(m -> {
            assertThat(m.at("/metricStat/metric/name").asText()).isEqualTo("ServerErrors");
            assertThat(m.at("/metricStat/metric/dimensions/Variant").asText()).isEqualTo("canary");
        });
    }

    @Test
    void alarms_should_stay_quiet_when_the_canary_is_healthy_or_silent() {
        minute(20, 0, 5);
        minute(20, 0, 5);
        clock.advance(Duration.ofMinutes(5)); // no traffic at all: missing data is not breaching
        standIn.evaluate();
        assertThat(standIn.alarm(ERROR_RATE).orElseThrow().state()).isEqualTo(AlarmState.OK);
        assertThat(events).isEmpty();
    }

    @Test
    void p99_latency_alarm_should_fire_on_slow_answers_and_ignore_one_slow_minute() {
        minute(100, 0, 900);
        minute(100, 0, 5);
        minute(100, 0, 900);
        assertThat(standIn.alarm(LATENCY).orElseThrow().state()).isEqualTo(AlarmState.OK);
        minute(100, 0, 900);
        assertThat(standIn.alarm(LATENCY).orElseThrow().state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void metrics_insights_alarms_should_stay_insufficient_data_with_a_reason() {
        minute(20, 0, 5);
        var drift = standIn.alarm("modelfn-dev-models-feature-drift").orElseThrow();
        assertThat(drift.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(drift.reason()).contains("Metrics Insights");
    }

    @Test
    void time_scale_should_shorten_every_period() {
        CloudWatchStandIn scaled = new CloudWatchStandIn(new MetricStore(60_000), clock, 6, "r", "a", (t, e) -> { });
        assertThat(scaled.periodMillis(60)).isEqualTo(10_000);
        assertThat(scaled.periodMillis(300)).isEqualTo(50_000);
    }
}
