package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutCommandsTest {

    private final RolloutFixture fixture = new RolloutFixture();
    private final RolloutCommands commands = fixture.commands;

    @Test
    void start_should_arm_with_the_canary_at_zero_and_give_it_the_first_step_once_armed() {
        // GIVEN / WHEN an operator starts a rollout
        commands.start("iris", "1.1.0", List.of(500, 2500, 5000, 10000), Duration.ofMinutes(10), 100, null, fixture.operator);

        // THEN the canary takes no traffic until the stepper has confirmed its alarms
        assertThat(fixture.canaryWeight()).isZero();
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.ARMING);

        fixture.stepper.advanceAll();
        assertThat(fixture.canaryWeight()).isEqualTo(500);
        assertThat(fixture.iris().variant(Variant.STABLE).orElseThrow().weight()).isEqualTo(9500);
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void pause_resume_and_abort_should_govern_the_rollout() {
        RolloutStepper stepper = fixture.stepper;
        fixture.start(List.of(1000, 5000, 10000), Duration.ofMinutes(5), 10);

        commands.pause("iris", fixture.operator);
        fixture.clock.advance(Duration.ofHours(1));
        stepper.advanceAll();
        assertThat(fixture.canaryWeight()).isEqualTo(1000);

        commands.resume("iris", fixture.operator);
        fixture.clock.advance(Duration.ofMinutes(4));
        stepper.advanceAll();
        assertThat(fixture.canaryWeight()).as("the step bakes again after a resume").isEqualTo(1000);

        commands.abort("iris", Change.by("alice", "wrong model"));
        assertThat(fixture.canaryWeight()).isZero();
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.ABORTED);
    }

    @Test
    void start_should_refuse_a_second_rollout_and_versions_that_cannot_take_traffic() {
        commands.start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null, fixture.operator);

        assertThatThrownBy(() -> commands.start("iris", "1.1.0", List.of(1000, 10000), Duration.ZERO, 0, null, fixture.operator))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("already has a rollout");
    }
}
