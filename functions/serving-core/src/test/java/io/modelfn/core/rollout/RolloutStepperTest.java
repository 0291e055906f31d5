package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutStepperTest {

    private final RolloutFixture fixture = new RolloutFixture();
    private final RolloutStepper stepper = fixture.stepper;

    @Test
    void advance_should_walk_every_step_with_a_scripted_clock_and_promote_at_the_end() {
        // GIVEN a four-step plan, 10 minutes of bake and 100 requests per step
        fixture.start(List.of(500, 2500, 5000, 10000), Duration.ofMinutes(10), 100);
        List<Integer> weights = new ArrayList<>();

        // WHEN the scheduled check runs every minute for an hour
        for (int minute = 1; minute <= 60; minute++) {
            fixture.clock.advance(Duration.ofMinutes(1));
            stepper.advanceAll();
            weights.add(fixture.canaryWeight());
        }

        // THEN the canary moved 5 % → 25 % → 50 % after each bake, then was promoted
        assertThat(weights.get(8)).isEqualTo(500);
        assertThat(weights.get(9)).isEqualTo(2500);
        assertThat(weights.get(19)).isEqualTo(5000);
        EndpointConfig done = fixture.iris();
        assertThat(done.rollout().state()).isEqualTo(RolloutPlan.State.COMPLETED);
        assertThat(done.variants()).containsExactly(new Variant(Variant.STABLE, ModelKey.parse("iris/1.1.0"), 10000));
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(fixture.registry.alias("iris", "production").orElseThrow().previousVersion()).isEqualTo("1.0.0");
        assertThat(fixture.registry.version(ModelKey.parse("iris/1.1.0")).orElseThrow().version().state())
                .isEqualTo(LifecycleState.PRODUCTION);
        assertThat(fixture.registry.version(ModelKey.parse("iris/1.0.0")).orElseThrow().version().state())
                .isEqualTo(LifecycleState.STAGING);
    }

    @Test
    void advance_should_hold_while_any_alarm_is_in_alarm() {
        fixture.start(List.of(500, 5000, 10000), Duration.ofMinutes(5), 10);
        fixture.signals.firing = List.of("modelfn-iris-canary-latency");

        for (int minute = 1; minute <= 30; minute++) {
            fixture.clock.advance(Duration.ofMinutes(1));
            assertThat(stepper.advanceAll()).extracting(RolloutOutcome::action).containsOnly(RolloutOutcome.Action.HELD);
        }

        assertThat(fixture.canaryWeight()).isEqualTo(500);
    }

    @Test
    void advance_should_never_promote_a_canary_without_data() {
        fixture.start(List.of(500, 10000), Duration.ofMinutes(1), 0);
        fixture.signals.requestsPerStep = 0;

        fixture.clock.advance(Duration.ofHours(24));
        stepper.advanceAll();

        assertThat(fixture.canaryWeight()).isEqualTo(500);
        assertThat(fixture.iris().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void advance_should_wait_for_the_minimum_requests_of_a_step() {
        fixture.start(List.of(500, 2500, 10000), Duration.ofMinutes(1), 500);
        fixture.signals.requestsPerStep = 499;
        fixture.clock.advance(Duration.ofMinutes(5));
        stepper.advanceAll();
        assertThat(fixture.canaryWeight()).isEqualTo(500);

        fixture.signals.requestsPerStep = 500;
        stepper.advanceAll();
        assertThat(fixture.canaryWeight()).isEqualTo(2500);
    }
}
