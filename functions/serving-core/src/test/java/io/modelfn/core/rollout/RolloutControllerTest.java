package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutControllerTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    private final FakeSignals signals = new FakeSignals();
    private final List<String> aliasResets = new ArrayList<>();
    private final RolloutController controller = new RolloutController(registry, signals,
            (function, alias) -> aliasResets.add(function + ":" + alias), clock);
    private final Change operator = Change.by("alice", "release 1.1.0");

    /** Canary request counts and firing alarms, set by the test. */
    static final class FakeSignals implements CanarySignals {
        long requestsPerStep = 1000;
        List<String> firing = new ArrayList<>();

        @Override
        public long canaryRequests(String endpoint, Instant from, Instant to) {
            return requestsPerStep;
        }

        @Override
        public List<String> alarmsFiring(String endpoint) {
            return firing;
        }
    }

    @BeforeEach
    void registerIris() {
        for (String key : List.of("iris/1.0.0", "iris/1.1.0")) {
            ModelVersion v = Registries.sample(key);
            registry.createVersion(v.withState(LifecycleState.REGISTERED), "{}", operator);
            var record = registry.version(v.key()).orElseThrow();
            registry.transition(v.key(), LifecycleState.VALIDATED, "ok", record.revision(), operator);
        }
        var old = registry.version(ModelKey.parse("iris/1.0.0")).orElseThrow();
        registry.transition(old.version().key(), LifecycleState.PRODUCTION, "ok", old.revision(), operator);
        registry.setAlias("iris", "production", "1.0.0", 0, operator);
        registry.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 10000)), 0, operator);
    }

    private EndpointConfig iris() {
        return registry.endpoint("iris").orElseThrow();
    }

    private int canaryWeight() {
        return iris().variant(Variant.CANARY).map(Variant::weight).orElse(0);
    }

    private static AlarmNotice canaryAlarm(String state) {
        return new AlarmNotice("modelfn-iris-canary-errors", state, "Threshold Crossed: 3 datapoints > 0.05",
                "ModelFn", Map.of("Endpoint", "iris", "Variant", "canary"));
    }

    @Test
    void start_should_give_the_canary_the_first_step_and_keep_the_rest_on_stable() {
        controller.start("iris", "1.1.0", List.of(500, 2500, 5000, 10000), Duration.ofMinutes(10), 100, null, operator);

        assertThat(canaryWeight()).isEqualTo(500);
        assertThat(iris().variant(Variant.STABLE).orElseThrow().weight()).isEqualTo(9500);
        assertThat(iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void advance_should_walk_every_step_with_a_scripted_clock_and_promote_at_the_end() {
        // GIVEN a four-step plan, 10 minutes of bake and 100 requests per step
        controller.start("iris", "1.1.0", List.of(500, 2500, 5000, 10000), Duration.ofMinutes(10), 100, null, operator);
        List<Integer> weights = new ArrayList<>();

        // WHEN the scheduled check runs every minute for an hour
        for (int minute = 1; minute <= 60; minute++) {
            clock.advance(Duration.ofMinutes(1));
            controller.advanceAll();
            weights.add(canaryWeight());
        }

        // THEN the canary moved 5 % → 25 % → 50 % after each bake, then was promoted
        assertThat(weights.get(8)).isEqualTo(500);
        assertThat(weights.get(9)).isEqualTo(2500);
        assertThat(weights.get(19)).isEqualTo(5000);
        EndpointConfig done = iris();
        assertThat(done.rollout().state()).isEqualTo(RolloutPlan.State.COMPLETED);
        assertThat(done.variants()).containsExactly(new Variant(Variant.STABLE, ModelKey.parse("iris/1.1.0"), 10000));
        assertThat(registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(registry.alias("iris", "production").orElseThrow().previousVersion()).isEqualTo("1.0.0");
        assertThat(registry.version(ModelKey.parse("iris/1.1.0")).orElseThrow().version().state()).isEqualTo(LifecycleState.PRODUCTION);
        assertThat(registry.version(ModelKey.parse("iris/1.0.0")).orElseThrow().version().state()).isEqualTo(LifecycleState.STAGING);
    }

    @Test
    void advance_should_hold_while_any_alarm_is_in_alarm() {
        controller.start("iris", "1.1.0", List.of(500, 5000, 10000), Duration.ofMinutes(5), 10, null, operator);
        signals.firing = List.of("modelfn-iris-canary-latency");

        for (int minute = 1; minute <= 30; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(controller.advanceAll()).extracting(RolloutOutcome::action).containsOnly(RolloutOutcome.Action.HELD);
        }

        assertThat(canaryWeight()).isEqualTo(500);
    }

    @Test
    void advance_should_never_promote_a_canary_without_data() {
        controller.start("iris", "1.1.0", List.of(500, 10000), Duration.ofMinutes(1), 0, null, operator);
        signals.requestsPerStep = 0;

        clock.advance(Duration.ofHours(24));
        controller.advanceAll();

        assertThat(canaryWeight()).isEqualTo(500);
        assertThat(iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void advance_should_wait_for_the_minimum_requests_of_a_step() {
        controller.start("iris", "1.1.0", List.of(500, 2500, 10000), Duration.ofMinutes(1), 500, null, operator);
        signals.requestsPerStep = 499;
        clock.advance(Duration.ofMinutes(5));
        controller.advanceAll();
        assertThat(canaryWeight()).isEqualTo(500);

        signals.requestsPerStep = 500;
        controller.advanceAll();
        assertThat(canaryWeight()).isEqualTo(2500);
    }

    @Test
    void canary_alarm_should_roll_back_in_one_transaction_with_an_audit_event_naming_the_alarm() {
        controller.start("iris", "1.1.0", List.of(1000, 5000, 10000), Duration.ofMinutes(5), 10, null, operator);
        int eventsBefore = registry.audit(AuditEvent.endpointSubject("iris"), 100).size();

        RolloutOutcome outcome = controller.onAlarm(canaryAlarm("ALARM"));

        assertThat(outcome.action()).isEqualTo(RolloutOutcome.Action.ROLLED_BACK);
        assertThat(canaryWeight()).isZero();
        assertThat(iris().variant(Variant.STABLE).orElseThrow().weight()).isEqualTo(10000);
        assertThat(iris().rollout().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(iris().rollout().reason()).contains("modelfn-iris-canary-errors").contains("Threshold Crossed");
        List<AuditEvent> events = registry.audit(AuditEvent.endpointSubject("iris"), 100);
        assertThat(events).hasSize(eventsBefore + 1);
        assertThat(events.get(0).actor()).isEqualTo(RolloutController.ACTOR);
        assertThat(events.get(0).reason()).contains("modelfn-iris-canary-errors");
    }

    @Test
    void repeated_alarm_events_should_change_nothing() {
        controller.start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null, operator);
        controller.onAlarm(canaryAlarm("ALARM"));
        long revision = iris().revision();

        RolloutOutcome again = controller.onAlarm(canaryAlarm("ALARM"));

        assertThat(again.action()).isEqualTo(RolloutOutcome.Action.IGNORED);
        assertThat(iris().revision()).isEqualTo(revision);
    }

    @Test
    void ok_insufficient_data_and_stable_alarms_should_change_nothing() {
        controller.start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null, operator);
        long revision = iris().revision();

        controller.onAlarm(canaryAlarm("OK"));
        controller.onAlarm(canaryAlarm("INSUFFICIENT_DATA"));
        controller.onAlarm(new AlarmNotice("modelfn-iris-stable-errors", "ALARM", "x", "ModelFn",
                Map.of("Endpoint", "iris", "Variant", "stable")));

        assertThat(iris().revision()).isEqualTo(revision);
        assertThat(canaryWeight()).isEqualTo(1000);
    }

    @Test
    void function_alias_alarm_should_reset_the_alias_weights() {
        RolloutOutcome outcome = controller.onAlarm(new AlarmNotice("predict-live-errors", "ALARM", "errors", "AWS/Lambda",
                Map.of("FunctionName", "modelfn-predict", "Resource", "modelfn-predict:live")));

        assertThat(outcome.action()).isEqualTo(RolloutOutcome.Action.ALIAS_RESET);
        assertThat(aliasResets).containsExactly("modelfn-predict:live");
    }

    @Test
    void pause_resume_and_abort_should_govern_the_rollout() {
        controller.start("iris", "1.1.0", List.of(1000, 5000, 10000), Duration.ofMinutes(5), 10, null, operator);

        controller.pause("iris", operator);
        clock.advance(Duration.ofHours(1));
        controller.advanceAll();
        assertThat(canaryWeight()).isEqualTo(1000);

        controller.resume("iris", operator);
        clock.advance(Duration.ofMinutes(4));
        controller.advanceAll();
        assertThat(canaryWeight()).as("the step bakes again after a resume").isEqualTo(1000);

        controller.abort("iris", Change.by("alice", "wrong model"));
        assertThat(canaryWeight()).isZero();
        assertThat(iris().rollout().state()).isEqualTo(RolloutPlan.State.ABORTED);
    }

    @Test
    void start_should_refuse_a_second_rollout_and_versions_that_cannot_take_traffic() {
        controller.start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null, operator);

        assertThatThrownBy(() -> controller.start("iris", "1.1.0", List.of(1000, 10000), Duration.ZERO, 0, null, operator))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("already has a rollout");
    }
}
