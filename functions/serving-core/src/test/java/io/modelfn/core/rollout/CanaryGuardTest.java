package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AuditEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryGuardTest {

    private final RolloutFixture fixture = new RolloutFixture();
    private final List<String> aliasResets = new ArrayList<>();
    private final CanaryGuard guard = new CanaryGuard(fixture.registry, (function, alias) -> aliasResets.add(function + ":" + alias));

    private static AlarmNotice canaryAlarm(String state) {
        return new AlarmNotice("modelfn-iris-canary-errors", state, "Threshold Crossed: 3 datapoints > 0.05",
                "ModelFn", Map.of("Endpoint", "iris", "Variant", "canary"));
    }

    @Test
    void canary_alarm_should_roll_back_in_one_transaction_with_an_audit_event_naming_the_alarm() {
        fixture.start(List.of(1000, 5000, 10000), Duration.ofMinutes(5), 10);
        int eventsBefore = fixture.registry.audit(AuditEvent.endpointSubject("iris"), 100).size();

        RolloutOutcome outcome = guard.onAlarm(canaryAlarm("ALARM"));

        assertThat(outcome.action()).isEqualTo(RolloutOutcome.Action.ROLLED_BACK);
        assertThat(fixture.canaryWeight()).isZero();
        assertThat(fixture.iris().variant(Variant.STABLE).orElseThrow().weight()).isEqualTo(10000);
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(fixture.iris().rollout().reason()).contains("modelfn-iris-canary-errors").contains("Threshold Crossed");
        List<AuditEvent> events = fixture.registry.audit(AuditEvent.endpointSubject("iris"), 100);
        assertThat(events).hasSize(eventsBefore + 1);
        assertThat(events.get(0).actor()).isEqualTo("modelfn-rollout"); // what operators read in the audit trail
        assertThat(events.get(0).reason()).contains("modelfn-iris-canary-errors");
    }

    @Test
    void repeated_alarm_events_should_change_nothing() {
        fixture.start(List.of(1000, 10000), Duration.ofMinutes(5), 10);
        guard.onAlarm(canaryAlarm("ALARM"));
        long revision = fixture.iris().revision();

        RolloutOutcome again = guard.onAlarm(canaryAlarm("ALARM"));

        assertThat(again.action()).isEqualTo(RolloutOutcome.Action.IGNORED);
        assertThat(fixture.iris().revision()).isEqualTo(revision);
    }

    @Test
    void ok_insufficient_data_and_stable_alarms_should_change_nothing() {
        fixture.start(List.of(1000, 10000), Duration.ofMinutes(5), 10);
        long revision = fixture.iris().revision();

        guard.onAlarm(canaryAlarm("OK"));
        guard.onAlarm(canaryAlarm("INSUFFICIENT_DATA"));
        guard.onAlarm(new AlarmNotice("modelfn-iris-stable-errors", "ALARM", "x", "ModelFn",
                Map.of("Endpoint", "iris", "Variant", "stable")));

        assertThat(fixture.iris().revision()).isEqualTo(revision);
        assertThat(fixture.canaryWeight()).isEqualTo(1000);
    }

    @Test
    void function_alias_alarm_should_reset_the_alias_weights() {
        RolloutOutcome outcome = guard.onAlarm(new AlarmNotice("predict-live-errors", "ALARM", "errors", "AWS/Lambda",
                Map.of("FunctionName", "modelfn-predict", "Resource", "modelfn-predict:live")));

        assertThat(outcome.action()).isEqualTo(RolloutOutcome.Action.ALIAS_RESET);
        assertThat(aliasResets).containsExactly("modelfn-predict:live");
    }
}
