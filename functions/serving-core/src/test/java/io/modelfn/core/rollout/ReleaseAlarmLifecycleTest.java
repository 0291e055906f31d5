package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.registry.AlarmLimits;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.testkit.InMemoryAlarmStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseAlarmLifecycleTest {

    /** The canary's alarms, and the stable variant's, which watch the version once promoted. */
    private static final List<String> IRIS_ALARMS = List.of(
            "modelfn-test-iris-canary-accuracy", "modelfn-test-iris-canary-error-rate", "modelfn-test-iris-canary-p99-latency",
            "modelfn-test-iris-stable-error-rate", "modelfn-test-iris-stable-p99-latency");

    private final RolloutFixture fixture = new RolloutFixture();

    @Test
    void arm_should_keep_the_canary_at_zero_when_the_alarms_cannot_be_made() {
        // GIVEN CloudWatch refusing every call
        fixture.alarms.failing(true);
        fixture.commands.start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null, fixture.operator);

        // WHEN the stepper runs three times
        for (int i = 0; i < 3; i++) {
            fixture.clock.advance(Duration.ofMinutes(1));
            assertThat(fixture.stepper.advanceAll()).extracting(RolloutOutcome::action).contains(RolloutOutcome.Action.HELD);
        }

        // THEN the canary never took traffic
        assertThat(fixture.canaryWeight()).isZero();
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.ARMING);

        // AND once CloudWatch answers, the alarms exist before the canary gets its first step
        fixture.alarms.failing(false);
        fixture.stepper.advanceAll();
        assertThat(fixture.alarms.names("modelfn-test-iris-")).containsExactlyElementsOf(IRIS_ALARMS);
        assertThat(fixture.canaryWeight()).isEqualTo(1000);
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void sweep_should_delete_the_alarms_when_the_release_ends() {
        // GIVEN a running release with its alarms
        fixture.start(List.of(1000, 10000), Duration.ofMinutes(5), 10);
        assertThat(fixture.alarms.names("modelfn-test-iris-")).hasSize(5);

        // WHEN an operator aborts it and the stepper runs
        fixture.commands.abort("iris", Change.by("alice", "wrong model"));
        List<RolloutOutcome> outcomes = fixture.stepper.advanceAll();

        // THEN its alarms are gone
        assertThat(fixture.alarms.names("modelfn-test-")).isEmpty();
        assertThat(outcomes).extracting(RolloutOutcome::action).containsExactly(RolloutOutcome.Action.ALARMS_DELETED);
    }

    @Test
    void sweep_should_keep_the_alarms_while_the_release_is_paused() {
        fixture.start(List.of(1000, 10000), Duration.ofMinutes(5), 10);
        fixture.commands.pause("iris", fixture.operator);

        fixture.stepper.advanceAll();

        assertThat(fixture.alarms.names("modelfn-test-iris-")).containsExactlyElementsOf(IRIS_ALARMS);
    }

    @Test
    void arm_should_only_confirm_and_never_delete_alarms_that_the_stack_owns() {
        // GIVEN iris named in the stage settings, whose stack made only two of its alarms
        InMemoryAlarmStore store = new InMemoryAlarmStore();
        ReleaseAlarmKeeper keeper = new ReleaseAlarmKeeper(store, RolloutFixture.PREFIX, Set.of("iris"), AlarmThresholds.DEFAULTS);
        store.put(EndpointAlarms.canary(RolloutFixture.PREFIX, "iris", AlarmThresholds.DEFAULTS).subList(0, 2));

        // WHEN the release is armed
        List<String> missing = keeper.arm("iris");

        // THEN nothing was put: the missing alarm holds the release
        assertThat(missing).containsExactly("modelfn-test-iris-canary-accuracy");
        // AND with no release active, the sweep leaves the stack's alarms alone
        assertThat(keeper.sweep(List.of(fixture.iris()))).isEmpty();
        assertThat(store.names(RolloutFixture.PREFIX)).hasSize(2);
    }

    @Test
    void resume_should_arm_again_when_paused_before_the_canary_took_traffic() {
        fixture.alarms.failing(true);
        fixture.commands.start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null, fixture.operator);
        fixture.commands.pause("iris", fixture.operator);

        fixture.commands.resume("iris", fixture.operator);

        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.ARMING);
        assertThat(fixture.canaryWeight()).isZero();
    }

    @Test
    void sweep_should_delete_the_release_alarms_of_an_endpoint_that_no_longer_exists_and_nothing_else() {
        // GIVEN the release alarms of endpoint gone (deleted from the registry) and of stack endpoint fixed
        // (not in the registry either), gone's stable alarm, an operator's alarm on gone's canary, another
        // stage's release alarm of gone and a function's alarm
        InMemoryAlarmStore store = new InMemoryAlarmStore();
        ReleaseAlarmKeeper keeper = new ReleaseAlarmKeeper(store, RolloutFixture.PREFIX, Set.of("fixed"), AlarmThresholds.DEFAULTS);
        store.put(EndpointAlarms.canary(RolloutFixture.PREFIX, "gone", AlarmThresholds.DEFAULTS));
        store.put(EndpointAlarms.canary(RolloutFixture.PREFIX, "fixed", AlarmThresholds.DEFAULTS));
        store.put(EndpointAlarms.stable(RolloutFixture.PREFIX, "gone", AlarmThresholds.DEFAULTS));
        var template = EndpointAlarms.stable(RolloutFixture.PREFIX, "gone", AlarmThresholds.DEFAULTS).get(0);
        for (String other : List.of(RolloutFixture.PREFIX + "gone-canary-queue-depth",
                "modelfn-prod-gone-canary-error-rate", RolloutFixture.PREFIX + "live-server-error-rate")) {
            store.put(List.of(new AlarmDefinition(other, template.description(), template.metrics(),
                    template.expression(), template.expressionLabel(), template.threshold(), template.comparison(),
                    template.evaluationPeriods(), template.datapointsToAlarm(), template.missingData(), template.action())));
        }

        // WHEN the sweep runs with the registry's endpoints (iris only, with no release)
        List<String> deleted = keeper.sweep(List.of(fixture.iris()));

        // THEN gone's release alarms are deleted (the canary's three and the two stable ones that watched its
        // promotion), and only those
        assertThat(deleted).containsExactlyInAnyOrder("modelfn-test-gone-canary-error-rate",
                "modelfn-test-gone-canary-p99-latency", "modelfn-test-gone-canary-accuracy",
                "modelfn-test-gone-stable-error-rate", "modelfn-test-gone-stable-p99-latency");
        assertThat(store.names("")).containsExactlyInAnyOrder("modelfn-prod-gone-canary-error-rate",
                "modelfn-test-fixed-canary-accuracy", "modelfn-test-fixed-canary-error-rate",
                "modelfn-test-fixed-canary-p99-latency", "modelfn-test-gone-canary-queue-depth",
                "modelfn-test-live-server-error-rate");
    }

    @Test
    void arm_should_put_the_alarms_with_the_endpoints_own_limits_over_the_stages() {
        // GIVEN iris setting its own error rate and latency limits, the keeper reading them from the registry
        AlarmLimits own = new AlarmLimits(0.01, 250, null, null, 3);
        fixture.registry.putEndpoint(fixture.iris().withAlarmLimits(own), fixture.iris().revision(), fixture.operator);
        ReleaseAlarmKeeper keeper = new ReleaseAlarmKeeper(fixture.alarms, RolloutFixture.PREFIX, Set.of(),
                AlarmThresholds.DEFAULTS, name -> fixture.registry.endpoint(name).map(EndpointConfig::alarmLimits)
                        .orElse(AlarmLimits.NONE));

        // WHEN the release's alarms are put
        assertThat(keeper.arm("iris")).isEmpty();

        // THEN they hold its limits, and the stage's where it sets none
        AlarmDefinition errorRate = fixture.alarms.alarm("modelfn-test-iris-canary-error-rate").orElseThrow();
        AlarmDefinition latency = fixture.alarms.alarm("modelfn-test-iris-canary-p99-latency").orElseThrow();
        AlarmDefinition accuracy = fixture.alarms.alarm("modelfn-test-iris-canary-accuracy").orElseThrow();
        assertThat(errorRate.threshold()).isEqualTo(0.01);
        assertThat(errorRate.evaluationPeriods()).isEqualTo(3);
        assertThat(latency.threshold()).isEqualTo(250);
        assertThat(accuracy.threshold()).isEqualTo(AlarmThresholds.DEFAULT_MIN_ACCURACY);
        assertThat(accuracy.expression()).contains(">= " + AlarmThresholds.DEFAULT_MIN_FEEDBACK_SAMPLES);
    }

    @Test
    void sweep_should_put_a_running_releases_alarms_again_once_its_limits_change() {
        // GIVEN a running release with the stage's limits, swept once (this keeper has put them)
        fixture.start(List.of(1000, 10000), Duration.ofMinutes(5), 10);
        fixture.stepper.advanceAll();
        assertThat(fixture.alarms.alarm("modelfn-test-iris-canary-error-rate").orElseThrow().threshold()).isEqualTo(0.05);
        fixture.alarms.delete(List.of("modelfn-test-iris-canary-accuracy"));

        // WHEN nothing changed, the sweep puts nothing (the alarm deleted behind its back stays deleted)
        fixture.alarmKeeper.sweep(fixture.registry.endpoints());
        assertThat(fixture.alarms.alarm("modelfn-test-iris-canary-accuracy")).isEmpty();

        // WHEN an operator tightens the error rate during the release, and the next step runs
        fixture.registry.putEndpoint(fixture.iris().withAlarmLimits(new AlarmLimits(0.01, null, null, 50, null)),
                fixture.iris().revision(), fixture.operator);
        fixture.stepper.advanceAll();

        // THEN the release's alarms carry the new limits
        assertThat(fixture.alarms.alarm("modelfn-test-iris-canary-error-rate").orElseThrow().threshold()).isEqualTo(0.01);
        assertThat(fixture.alarms.alarm("modelfn-test-iris-canary-accuracy").orElseThrow().expression()).contains(">= 50");
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void sweep_should_never_put_the_alarms_of_a_stack_endpoint_whatever_its_limits() {
        // GIVEN iris named in the stage settings, in a running release, with limits of its own
        InMemoryAlarmStore store = new InMemoryAlarmStore();
        ReleaseAlarmKeeper keeper = new ReleaseAlarmKeeper(store, RolloutFixture.PREFIX, Set.of("iris"), AlarmThresholds.DEFAULTS);
        fixture.start(List.of(1000, 10000), Duration.ofMinutes(5), 10);
        fixture.registry.putEndpoint(fixture.iris().withAlarmLimits(new AlarmLimits(0.01, null, null, null, null)),
                fixture.iris().revision(), fixture.operator);

        // WHEN its keeper sweeps
        keeper.sweep(fixture.registry.endpoints());

        // THEN it put nothing
        assertThat(store.names("")).isEmpty();
    }
}
