package io.modelfn.core.rollout;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.testkit.InMemoryAlarmStore;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the rollout tests share: an in-memory registry with iris 1.0.0 in production behind a
 * stable-only endpoint and iris 1.1.0 validated, a scripted clock, and scripted canary signals.
 */
final class RolloutFixture {

    final MutableClock clock = MutableClock.atEpoch();
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    final FakeSignals signals = new FakeSignals();
    final Change operator = Change.by("alice", "release 1.1.0");
    final RolloutCommands commands = new RolloutCommands(registry, clock);
    final InMemoryAlarmStore alarms = new InMemoryAlarmStore();
    final ReleaseAlarmKeeper alarmKeeper = new ReleaseAlarmKeeper(alarms, PREFIX, Set.of(), AlarmThresholds.DEFAULTS);
    final RolloutStepper stepper = new RolloutStepper(registry, signals, clock, alarmKeeper);

    /** The stage's alarm name prefix. */
    static final String PREFIX = "modelfn-test-";

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

    RolloutFixture() {
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

    /** An operator starts releasing iris 1.1.0 with this plan, and the stepper arms it at once. */
    void start(List<Integer> steps, Duration bake, long minRequests) {
        commands.start("iris", "1.1.0", steps, bake, minRequests, null, operator);
        stepper.advanceAll();
    }

    /** As {@link #start}, with the promoted version watched for {@code watch}. */
    void startWatched(List<Integer> steps, Duration bake, long minRequests, Duration watch) {
        commands.start("iris", "1.1.0", steps, bake, minRequests, null, watch, operator);
        stepper.advanceAll();
    }

    /** Runs the scheduled step until the rollout leaves RUNNING, a minute at a time (at most a day). */
    void stepUntilPromoted() {
        for (int minute = 0; minute < 24 * 60 && iris().rollout().state() == RolloutPlan.State.RUNNING; minute++) {
            clock.advance(Duration.ofMinutes(1));
            stepper.advanceAll();
        }
    }

    EndpointConfig iris() {
        return registry.endpoint("iris").orElseThrow();
    }

    int canaryWeight() {
        return iris().variant(Variant.CANARY).map(Variant::weight).orElse(0);
    }
}
