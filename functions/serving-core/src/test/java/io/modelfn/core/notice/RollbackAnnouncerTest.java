package io.modelfn.core.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.rollout.AlarmNotice;
import io.modelfn.core.rollout.AlarmThresholds;
import io.modelfn.core.rollout.CanaryGuard;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.ReleaseAlarmKeeper;
import io.modelfn.core.rollout.RolloutCommands;
import io.modelfn.core.rollout.RolloutOutcome;
import io.modelfn.core.rollout.RolloutStepper;
import io.modelfn.core.testkit.InMemoryAlarmStore;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollbackAnnouncerTest {

    private static final AlarmNotice CANARY_ALARM = new AlarmNotice("modelfn-test-iris-canary-error-rate", "ALARM",
            "Threshold Crossed: 2 datapoints > 0.05", "ModelFn", Map.of("Endpoint", "iris", "Variant", "canary"));

    private final MutableClock clock = MutableClock.atEpoch();
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    private final Change operator = Change.by("alice", "release 1.1.0");
    private final List<RollbackNotice> published = new ArrayList<>();

    @BeforeEach
    void irisReleasing110() {
        // iris 1.0.0 in production behind a stable-only endpoint; 1.1.0 released to it and armed
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
        new RolloutCommands(registry, clock).start("iris", "1.1.0", List.of(1000, 10000), Duration.ofMinutes(5), 10, null,
                operator);
        CanarySignals quiet = new CanarySignals() {
            @Override
            public long canaryRequests(String endpoint, Instant from, Instant to) {
                return 0;
            }

            @Override
            public List<String> alarmsFiring(String endpoint) {
                return List.of();
            }
        };
        new RolloutStepper(registry, quiet, clock, new ReleaseAlarmKeeper(new InMemoryAlarmStore(), "modelfn-test-",
                Set.of(), AlarmThresholds.DEFAULTS)).advanceAll();
        assertThat(registry.endpoint("iris").orElseThrow().rollout().state()).isEqualTo(RolloutPlan.State.RUNNING);
    }

    @Test
    void announce_should_publish_one_notice_per_canary_rollback_with_the_versions_read_back_from_the_registry() {
        // GIVEN the canary rolled back by its alarm
        RolloutOutcome outcome = new CanaryGuard(registry, (f, a) -> false).onAlarm(CANARY_ALARM);
        assertThat(outcome.action()).isEqualTo(RolloutOutcome.Action.ROLLED_BACK);
        clock.advance(Duration.ofSeconds(1));

        // WHEN the outcomes of the event are announced
        var deliveries = new RollbackAnnouncer(registry, published::add, clock).announce(Optional.of(CANARY_ALARM),
                List.of(outcome, new RolloutOutcome("iris", RolloutOutcome.Action.HELD, "baking")));

        // THEN one notice went out: 1.1.0 back to 1.0.0, the alias where it is, the alarm and its reason, the time
        assertThat(deliveries).hasSize(1).allMatch(d -> d.failure().isEmpty());
        assertThat(published).singleElement().satisfies(n -> {
            assertThat(n.endpoint()).isEqualTo("iris");
            assertThat(n.rolledBack()).isEqualTo("iris/1.1.0");
            assertThat(n.restored()).isEqualTo("iris/1.0.0");
            assertThat(n.alias()).isEqualTo("production -> 1.0.0");
            assertThat(n.alarm()).isEqualTo("modelfn-test-iris-canary-error-rate");
            assertThat(n.alarmReason()).isEqualTo("Threshold Crossed: 2 datapoints > 0.05");
            assertThat(n.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void announce_should_report_a_failed_publish_and_leave_the_rollback_in_place() {
        // GIVEN the canary rolled back, and a topic that refuses every notice
        RolloutOutcome outcome = new CanaryGuard(registry, (f, a) -> false).onAlarm(CANARY_ALARM);
        RollbackNotifier refusing = notice -> {
            throw new IllegalStateException("AuthorizationError: not allowed to publish");
        };

        // WHEN the rollback is announced
        var deliveries = new RollbackAnnouncer(registry, refusing, clock).announce(Optional.of(CANARY_ALARM), List.of(outcome));

        // THEN the answer says the notice failed, and the canary stays rolled back
        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.failure()).contains(
                "AuthorizationError: not allowed to publish"));
        var iris = registry.endpoint("iris").orElseThrow();
        assertThat(iris.rollout().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(iris.variant(Variant.CANARY).map(Variant::weight).orElse(0)).isZero();
    }

    @Test
    void announce_should_name_the_function_alias_of_an_alias_reset() {
        // GIVEN a code deployment's alarm that reset the alias live of function predict
        AlarmNotice alarm = new AlarmNotice("modelfn-predict-live-errors", "ALARM", "Threshold Crossed", "AWS/Lambda",
                Map.of("FunctionName", "predict", "Resource", "predict:live"));
        RolloutOutcome outcome = new CanaryGuard(registry, (f, a) -> true).onAlarm(alarm);

        // WHEN it is announced
        new RollbackAnnouncer(registry, published::add, clock).announce(Optional.of(alarm), List.of(outcome));

        // THEN the notice names the function alias and what it went back to
        assertThat(published).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo("ALIAS_RESET");
            assertThat(n.endpoint()).isNull();
            assertThat(n.function()).isEqualTo("predict:live");
            assertThat(n.restored()).isEqualTo("the primary version of predict:live");
            assertThat(n.alarm()).isEqualTo("modelfn-predict-live-errors");
        });
    }

    @Test
    void announce_should_publish_nothing_when_nothing_was_rolled_back() {
        new RollbackAnnouncer(registry, published::add, clock).announce(Optional.empty(), List.of(
                new RolloutOutcome("iris", RolloutOutcome.Action.ADVANCED, "canary at 10000"),
                new RolloutOutcome(null, RolloutOutcome.Action.ALARMS_DELETED, "x")));

        assertThat(published).isEmpty();
    }
}
