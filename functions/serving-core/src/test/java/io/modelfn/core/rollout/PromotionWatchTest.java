package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasMove;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.IllegalTransitionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watch after promotion: completing when it passes quietly, rolling the promotion back on an alarm. */
class PromotionWatchTest {

    private static final ModelKey OLD = ModelKey.parse("iris/1.0.0");
    private static final ModelKey NEW = ModelKey.parse("iris/1.1.0");

    private final RolloutFixture fixture = new RolloutFixture();
    private final CanaryGuard guard = new CanaryGuard(fixture.registry, (function, alias) -> false);

    private static AlarmNotice stableAlarm() {
        return new AlarmNotice("modelfn-test-iris-stable-error-rate", "ALARM", "Threshold Crossed: 2 datapoints > 0.05",
                "ModelFn", Map.of("Endpoint", "iris", "Variant", "stable"));
    }

    private void promoteWithWatch(Duration watch) {
        fixture.startWatched(List.of(1000, 10000), Duration.ofMinutes(5), 10, watch);
        fixture.stepUntilPromoted();
    }

    @Test
    void promotion_with_a_watch_should_stay_watching_and_remember_what_it_replaced() {
        promoteWithWatch(Duration.ofMinutes(30));

        RolloutPlan plan = fixture.iris().rollout();
        assertThat(plan.state()).isEqualTo(RolloutPlan.State.WATCHING);
        assertThat(plan.promotion().previousStable()).isEqualTo(OLD);
        assertThat(plan.promotion().previousAliasVersion()).isEqualTo("1.0.0");
        assertThat(plan.promotion().promotedStateBefore()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(plan.promotion().demoted()).containsExactly("1.0.0");
        assertThat(fixture.iris().variants()).containsExactly(new Variant(Variant.STABLE, NEW, 10000));
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
    }

    @Test
    void release_alarms_should_include_the_stable_variants_before_the_canary_takes_traffic() {
        fixture.startWatched(List.of(1000, 10000), Duration.ofMinutes(5), 10, Duration.ofMinutes(30));

        assertThat(fixture.alarms.names(PREFIX_OF_IRIS)).contains("modelfn-test-iris-stable-error-rate",
                "modelfn-test-iris-stable-p99-latency", "modelfn-test-iris-canary-error-rate");
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    private static final String PREFIX_OF_IRIS = RolloutFixture.PREFIX + "iris-";

    @Test
    void watch_passing_without_an_alarm_should_complete_the_rollout_and_sweep_its_alarms() {
        promoteWithWatch(Duration.ofMinutes(30));

        fixture.clock.advance(Duration.ofMinutes(29));
        assertThat(fixture.stepper.advanceAll()).extracting(RolloutOutcome::action).containsOnly(RolloutOutcome.Action.HELD);
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.WATCHING);

        fixture.clock.advance(Duration.ofMinutes(1));
        assertThat(fixture.stepper.advanceAll()).extracting(RolloutOutcome::action)
                .contains(RolloutOutcome.Action.COMPLETED);
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.COMPLETED);
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
        fixture.stepper.advanceAll();
        assertThat(fixture.alarms.names(PREFIX_OF_IRIS)).isEmpty();
    }

    @Test
    void alarm_during_the_watch_should_restore_weights_alias_and_states_in_one_transaction_naming_the_alarm() {
        promoteWithWatch(Duration.ofMinutes(30));
        fixture.clock.advance(Duration.ofMinutes(3));
        fixture.signals.firing = List.of("modelfn-test-iris-stable-error-rate");
        int modelEvents = fixture.registry.audit(AuditEvent.modelSubject("iris"), 500).size();
        int endpointEvents = fixture.registry.audit(AuditEvent.endpointSubject("iris"), 500).size();

        List<RolloutOutcome> outcomes = fixture.stepper.advanceAll();

        assertThat(outcomes).extracting(RolloutOutcome::action).contains(RolloutOutcome.Action.ROLLED_BACK);
        RolloutPlan plan = fixture.iris().rollout();
        assertThat(plan.state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(plan.reason()).contains("modelfn-test-iris-stable-error-rate");
        assertThat(fixture.iris().variants()).containsExactly(new Variant(Variant.STABLE, OLD, 10000),
                new Variant(Variant.CANARY, NEW, 0));
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(fixture.registry.version(NEW).orElseThrow().version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(fixture.registry.version(OLD).orElseThrow().version().state()).isEqualTo(LifecycleState.PRODUCTION);
        // one change: the endpoint, the alias and two transitions, each with its event naming the alarm
        List<AuditEvent> endpointTrail = fixture.registry.audit(AuditEvent.endpointSubject("iris"), 500);
        List<AuditEvent> modelTrail = fixture.registry.audit(AuditEvent.modelSubject("iris"), 500);
        assertThat(endpointTrail).hasSize(endpointEvents + 1);
        assertThat(modelTrail).hasSize(modelEvents + 3);
        assertThat(modelTrail.subList(0, 3)).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("modelfn-rollout");
            assertThat(e.reason()).contains("modelfn-test-iris-stable-error-rate");
        });
        List<AliasMove> history = fixture.registry.aliasHistory("iris", "production", 10, null).moves();
        assertThat(history).extracting(AliasMove::version).containsExactly("1.0.0", "1.1.0", "1.0.0");
        assertThat(history.get(0).previousVersion()).isEqualTo("1.1.0");
        assertThat(history.get(0).reason()).contains("modelfn-test-iris-stable-error-rate");
    }

    @Test
    void stable_alarm_event_during_the_watch_should_roll_back_at_once_and_a_repeat_should_change_nothing() {
        promoteWithWatch(Duration.ofMinutes(30));

        RolloutOutcome first = guard.onAlarm(stableAlarm());
        long revision = fixture.iris().revision();
        int modelEvents = fixture.registry.audit(AuditEvent.modelSubject("iris"), 500).size();
        RolloutOutcome again = guard.onAlarm(stableAlarm());

        assertThat(first.action()).isEqualTo(RolloutOutcome.Action.ROLLED_BACK);
        assertThat(first.detail()).contains("modelfn-test-iris-stable-error-rate").contains("Threshold Crossed");
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(fixture.iris().variant(Variant.STABLE).orElseThrow().model()).isEqualTo(OLD);
        assertThat(again.action()).isEqualTo(RolloutOutcome.Action.IGNORED);
        assertThat(fixture.iris().revision()).isEqualTo(revision);
        assertThat(fixture.registry.audit(AuditEvent.modelSubject("iris"), 500)).hasSize(modelEvents);
    }

    @Test
    void stable_alarm_after_the_watch_should_only_notify() {
        promoteWithWatch(Duration.ofMinutes(10));
        fixture.clock.advance(Duration.ofMinutes(10));
        fixture.stepper.advanceAll();
        long revision = fixture.iris().revision();

        assertThat(guard.onAlarm(stableAlarm()).action()).isEqualTo(RolloutOutcome.Action.IGNORED);
        assertThat(fixture.iris().revision()).isEqualTo(revision);
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
    }

    @Test
    void no_watch_should_complete_at_promotion_as_before() {
        promoteWithWatch(Duration.ZERO);

        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.COMPLETED);
        assertThat(fixture.iris().rollout().promotion()).isNull();
    }

    @Test
    void operators_should_not_pause_a_watch_but_abort_should_roll_the_promotion_back() {
        promoteWithWatch(Duration.ofMinutes(30));

        assertThatThrownBy(() -> fixture.commands.pause("iris", fixture.operator))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("watches");
        fixture.commands.abort("iris", fixture.operator);

        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.ABORTED);
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(fixture.iris().variant(Variant.STABLE).orElseThrow().model()).isEqualTo(OLD);
    }

    @Test
    void a_rollback_racing_another_writer_should_settle_on_revisions() {
        promoteWithWatch(Duration.ofMinutes(30));
        var watching = fixture.iris();
        guard.onAlarm(stableAlarm());

        // the stepper, holding the configuration it read before the guard's rollback, loses on the revision
        fixture.signals.firing = List.of("modelfn-test-iris-stable-error-rate");
        assertThatThrownBy(() -> fixture.stepper.watch(watching))
                .isInstanceOf(io.modelfn.core.registry.write.ConflictException.class);
        assertThat(fixture.registry.aliasHistory("iris", "production", 10, null).moves()).hasSize(3);
    }
}
