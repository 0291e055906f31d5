package io.modelfn.core.rollout;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.RolloutPromotion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled step of gradual releases: arms each new rollout (its alarms confirmed, then the
 * canary gets its first step's weight); advances each running rollout by one step when the step
 * has baked, the canary served enough requests and no alarm of the endpoint fires; promotes the
 * canary on the last step; watches a promoted version for its plan's {@code watch} (an alarm of the
 * endpoint in that window rolls the promotion back, the window passing without one completes the
 * rollout); deletes the alarms of releases that ended. A canary with no data is never promoted, and
 * none takes traffic before its alarms exist.
 *
 * <p>Thread-safe (stateless; the registry's revisions decide concurrent decisions).
 */
public final class RolloutStepper {

    private final ModelRegistry registry;
    private final CanarySignals signals;
    private final Clock clock;
    private final ReleaseAlarmKeeper alarms;

    public RolloutStepper(ModelRegistry registry, CanarySignals signals, Clock clock, ReleaseAlarmKeeper alarms) {
        this.registry = registry;
        this.signals = signals;
        this.clock = clock;
        this.alarms = alarms;
    }

    /**
     * Checks every arming, running and watching rollout once, then sweeps ended releases' alarms (the
     * scheduled step, every minute).
     */
    public List<RolloutOutcome> advanceAll() {
        List<RolloutOutcome> outcomes = new ArrayList<>();
        List<EndpointConfig> endpoints = registry.endpoints();
        for (EndpointConfig endpoint : endpoints) {
            RolloutPlan.State state = endpoint.rolloutPlan().map(RolloutPlan::state).orElse(null);
            if (state == RolloutPlan.State.ARMING || state == RolloutPlan.State.RUNNING
                    || state == RolloutPlan.State.WATCHING) {
                try {
                    outcomes.add(switch (state) {
                        case ARMING -> arm(endpoint);
                        case RUNNING -> advance(endpoint);
                        default -> watch(endpoint);
                    });
                } catch (RuntimeException e) {
                    // One endpoint's failure (a conflict, a metrics read, an alarm put) must not stop the others.
                    outcomes.add(new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.HELD, "failed: " + e.getMessage()));
                }
            }
        }
        try {
            List<String> deleted = alarms.sweep(endpoints);
            if (!deleted.isEmpty()) {
                outcomes.add(new RolloutOutcome(null, RolloutOutcome.Action.ALARMS_DELETED, String.join(", ", deleted)));
            }
        } catch (RuntimeException e) {
            // Left-over alarms watch a variant with no traffic (missing data is not breaching): the next run retries.
            outcomes.add(new RolloutOutcome(null, RolloutOutcome.Action.HELD, "alarm sweep failed: " + e.getMessage()));
        }
        return outcomes;
    }

    /** Gives an arming rollout's canary its first step once every alarm guarding it exists. */
    RolloutOutcome arm(EndpointConfig endpoint) {
        List<String> missing = alarms.arm(endpoint.name());
        if (!missing.isEmpty()) {
            return held(endpoint, "alarms not yet in place: " + missing);
        }
        RolloutPlan plan = endpoint.rollout();
        RolloutPlan running = plan.withState(RolloutPlan.State.RUNNING, plan.reason()).atStep(0, clock.instant());
        Variant stable = endpoint.variant(Variant.STABLE).orElseThrow();
        Change change = new Change(RolloutTransactions.AUTOMATIC_ACTOR, "alarms of the release confirmed: canary at step 1",
                null, null);
        registry.putEndpoint(RolloutTransactions.weights(endpoint, stable.model(), plan.canary(), running.currentWeight())
                .withRollout(running), endpoint.revision(), change);
        return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.STARTED,
                "alarms confirmed; canary at " + running.currentWeight() + " basis points");
    }

    RolloutOutcome advance(EndpointConfig endpoint) {
        RolloutPlan plan = endpoint.rollout();
        Instant now = clock.instant();
        List<String> firing = signals.alarmsFiring(endpoint.name());
        if (!firing.isEmpty()) {
            return held(endpoint, "alarms in ALARM: " + firing);
        }
        Duration baked = Duration.between(plan.stepStartedAt(), now);
        if (baked.compareTo(plan.bake()) < 0) {
            return held(endpoint, "step " + (plan.step() + 1) + " has baked " + baked.toSeconds() + " s of "
                    + plan.bake().toSeconds() + " s");
        }
        long requests = signals.canaryRequests(endpoint.name(), plan.stepStartedAt(), now);
        if (requests < plan.minRequests() || requests == 0) {
            return held(endpoint, "canary served " + requests + " requests on this step, needs "
                    + Math.max(1, plan.minRequests()));
        }
        int next = plan.step() + 1;
        Change change = new Change(RolloutTransactions.AUTOMATIC_ACTOR, "step " + next + " baked " + baked.toSeconds() + " s with " + requests
                + " canary requests and no alarm", null, null);
        Variant stable = endpoint.variant(Variant.STABLE).orElseThrow();
        if (next == plan.steps().size() - 1) {
            promote(endpoint, plan, change);
            return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.PROMOTED, plan.canary() + " promoted"
                    + (plan.watch().isZero() ? "" : "; watched for " + plan.watch().toSeconds() + " s"));
        }
        RolloutPlan advanced = plan.atStep(next, now);
        registry.putEndpoint(RolloutTransactions.weights(endpoint, stable.model(), plan.canary(), advanced.currentWeight())
                .withRollout(advanced), endpoint.revision(), change);
        return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.ADVANCED,
                "canary at " + advanced.currentWeight() + " basis points");
    }

    /**
     * Watches a promoted version: an alarm of the endpoint in ALARM rolls the promotion back; once the
     * watch has passed without one, the rollout completes (and its alarms are swept).
     */
    RolloutOutcome watch(EndpointConfig endpoint) {
        RolloutPlan plan = endpoint.rollout();
        List<String> firing = signals.alarmsFiring(endpoint.name());
        if (!firing.isEmpty()) {
            String reason = "alarm " + String.join(", ", firing) + " in ALARM while watching the promoted "
                    + plan.canary();
            RolloutTransactions.rollbackPromotion(registry, endpoint, plan, RolloutPlan.State.ROLLED_BACK, reason,
                    new Change(RolloutTransactions.AUTOMATIC_ACTOR, reason, null, null));
            return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.ROLLED_BACK, reason);
        }
        Duration watched = Duration.between(plan.stepStartedAt(), clock.instant());
        if (watched.compareTo(plan.watch()) < 0) {
            return held(endpoint, plan.canary() + " watched " + watched.toSeconds() + " s of " + plan.watch().toSeconds()
                    + " s");
        }
        String reason = plan.canary() + " watched " + watched.toSeconds() + " s after promotion with no alarm";
        registry.putEndpoint(endpoint.withRollout(plan.withState(RolloutPlan.State.COMPLETED, reason)),
                endpoint.revision(), new Change(RolloutTransactions.AUTOMATIC_ACTOR, reason, null, null));
        return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.COMPLETED, reason);
    }

    /**
     * Makes the canary the stable variant at full weight, moves it (and the version it replaces) through
     * the lifecycle and points the alias at it: one transaction. With a watch, the plan remembers what
     * was replaced and stays WATCHING; without, it completes.
     */
    private void promote(EndpointConfig endpoint, RolloutPlan plan, Change change) {
        Instant now = clock.instant();
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Variant.STABLE, plan.canary(), Variant.TOTAL_WEIGHT));
        for (Variant v : endpoint.variants()) {
            if (!v.isCanary() && !v.name().equals(Variant.STABLE)) {
                variants.add(v.withWeight(0));
            }
        }
        List<Mutation> mutations = new ArrayList<>();
        VersionRecord canary = registry.version(plan.canary()).orElseThrow();
        if (canary.version().state() != LifecycleState.PRODUCTION) {
            mutations.add(new Mutation.Transition(plan.canary(), LifecycleState.PRODUCTION, "promoted by rollout",
                    canary.revision()));
        }
        List<String> demoted = new ArrayList<>();
        for (VersionRecord other : registry.versions(plan.canary().name())) {
            if (!other.version().key().equals(plan.canary()) && other.version().state() == LifecycleState.PRODUCTION) {
                mutations.add(new Mutation.Transition(other.version().key(), LifecycleState.STAGING,
                        "replaced in production by " + plan.canary().version(), other.revision()));
                demoted.add(other.version().key().version());
            }
        }
        Optional<AliasRecord> alias = registry.alias(plan.canary().name(), plan.alias());
        if (alias.isEmpty() || !alias.get().version().equals(plan.canary().version())) {
            mutations.add(new Mutation.SetAlias(plan.canary().name(), plan.alias(), plan.canary().version(),
                    alias.map(AliasRecord::revision).orElse(0L)));
        }
        RolloutPlan promoted;
        if (plan.watch().isZero()) {
            promoted = plan.atStep(plan.steps().size() - 1, now).withState(RolloutPlan.State.COMPLETED, change.reason());
        } else {
            ModelKey previousStable = endpoint.variant(Variant.STABLE).orElseThrow().model();
            String previousAlias = alias.map(a -> a.version().equals(plan.canary().version()) ? a.previousVersion()
                    : a.version()).orElse(null);
            promoted = plan.watching(new RolloutPromotion(previousStable, previousAlias, canary.version().state(), demoted),
                    now, change.reason());
        }
        mutations.add(0, new Mutation.PutEndpoint(endpoint.withVariants(variants).withRollout(promoted),
                endpoint.revision()));
        registry.atomically(mutations, change);
    }

    private static RolloutOutcome held(EndpointConfig endpoint, String why) {
        return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.HELD, why);
    }
}
