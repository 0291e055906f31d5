package io.modelfn.core.rollout;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Drives gradual releases: starts, pauses, resumes and aborts them; advances them one step at a
 * time when the scheduled check finds the step baked, the canary busy enough and no alarm firing;
 * promotes on the last step; and rolls back when a canary alarm fires.
 *
 * <p>A rollback sets the canary's weight to 0 (every caller returns to stable at once: the routing
 * is monotone), moves the alias back if it had moved to the canary, and marks the rollout
 * ROLLED_BACK naming the alarm and its reason: one transaction, with its audit events. Repeated
 * alarm events, OK and INSUFFICIENT_DATA, and alarms on the stable variant change nothing.
 *
 * <p>Thread-safe (stateless; the registry's revisions decide concurrent decisions).
 */
public final class RolloutController {

    /** The actor named in the audit trail for automatic decisions. */
    public static final String ACTOR = "modelfn-rollout";
    private static final Logger LOG = Logger.getLogger(RolloutController.class.getName());

    private final ModelRegistry registry;
    private final CanarySignals signals;
    private final FunctionAliases functionAliases;
    private final Clock clock;

    public RolloutController(ModelRegistry registry, CanarySignals signals, FunctionAliases functionAliases, Clock clock) {
        this.registry = registry;
        this.signals = signals;
        this.functionAliases = functionAliases;
        this.clock = clock;
    }

    // ------------------------------------------------------------------- operator commands

    /**
     * Starts releasing {@code version} on {@code endpoint}: the endpoint's stable variant keeps the
     * rest of the traffic, a {@value Variant#CANARY} variant gets the first step's weight.
     */
    public EndpointConfig start(String endpointName, String version, List<Integer> steps, Duration bake, long minRequests,
            String alias, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        if (endpoint.rolloutPlan().map(p -> p.state().isActive()).orElse(false)) {
            throw new IllegalTransitionException("endpoint '" + endpointName + "' already has a rollout in progress");
        }
        Variant stable = endpoint.variant(Variant.STABLE).orElseThrow(() -> new IllegalTransitionException(
                "endpoint '" + endpointName + "' has no 'stable' variant to release against"));
        ModelKey canary = new ModelKey(stable.model().name(), version);
        VersionRecord record = registry.version(canary).orElseThrow(() -> new VersionNotFoundException(canary + " is not registered"));
        if (!record.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(canary + " is " + record.version().state() + "; only validated versions are released");
        }
        if (canary.equals(stable.model())) {
            throw new IllegalTransitionException(canary + " is already the stable version");
        }
        RolloutPlan plan;
        try {
            plan = new RolloutPlan(canary, steps, bake, minRequests, alias, RolloutPlan.State.RUNNING, 0, clock.instant(),
                    change.reason());
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        if (plan.onLastStep()) {
            throw new InvalidAdminRequestException("a rollout needs at least one step below 100 % before promotion");
        }
        EndpointConfig next = weights(endpoint, stable.model(), canary, plan.currentWeight()).withRollout(plan);
        return registry.putEndpoint(next, endpoint.revision(), change);
    }

    public EndpointConfig pause(String endpointName, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        RolloutPlan plan = activePlan(endpoint);
        if (plan.state() == RolloutPlan.State.PAUSED) {
            return endpoint;
        }
        return registry.putEndpoint(endpoint.withRollout(plan.withState(RolloutPlan.State.PAUSED, change.reason())),
                endpoint.revision(), change);
    }

    /** Resumes a paused rollout; the current step bakes again from now. */
    public EndpointConfig resume(String endpointName, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        RolloutPlan plan = activePlan(endpoint);
        if (plan.state() == RolloutPlan.State.RUNNING) {
            return endpoint;
        }
        RolloutPlan resumed = plan.withState(RolloutPlan.State.RUNNING, change.reason()).atStep(plan.step(), clock.instant());
        return registry.putEndpoint(endpoint.withRollout(resumed), endpoint.revision(), change);
    }

    /** Stops a rollout and sends all traffic back to stable, as a rollback does. */
    public EndpointConfig abort(String endpointName, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        RolloutPlan plan = activePlan(endpoint);
        rollback(endpoint, plan, RolloutPlan.State.ABORTED, change.reason().isBlank() ? "aborted" : change.reason(), change);
        return endpoint(endpointName);
    }

    // -------------------------------------------------------------------------------- alarms

    /**
     * Reacts to an alarm's state change: an ALARM on an endpoint's canary rolls it back; an ALARM on
     * a Lambda function alias resets the alias's weights; anything else changes nothing.
     */
    public RolloutOutcome onAlarm(AlarmNotice alarm) {
        if (!alarm.inAlarm()) {
            return new RolloutOutcome(null, RolloutOutcome.Action.IGNORED, alarm.alarmName() + " is " + alarm.state());
        }
        if ("AWS/Lambda".equals(alarm.namespace())) {
            return onFunctionAlarm(alarm);
        }
        String endpointName = alarm.dimensions().get(MetricsContract.ENDPOINT);
        String variant = alarm.dimensions().get(MetricsContract.VARIANT);
        if (endpointName == null || !Variant.CANARY.equals(variant)) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED,
                    alarm.alarmName() + " does not watch a canary (variant " + variant + ")");
        }
        Optional<EndpointConfig> endpoint = registry.endpoint(endpointName);
        if (endpoint.isEmpty()) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED, "no such endpoint");
        }
        boolean canaryServing = endpoint.get().variant(Variant.CANARY).map(v -> v.weight() > 0).orElse(false);
        boolean rolloutActive = endpoint.get().rolloutPlan().map(p -> p.state().isActive()).orElse(false);
        if (!canaryServing && !rolloutActive) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED, "canary already takes no traffic");
        }
        String reason = "alarm " + alarm.alarmName() + ": " + alarm.reason();
        RolloutPlan plan = endpoint.get().rolloutPlan().orElse(null);
        rollback(endpoint.get(), plan, RolloutPlan.State.ROLLED_BACK, reason, new Change(ACTOR, reason, null, null));
        LOG.warning(() -> "rolled back the canary of " + endpointName + " (" + reason + ")");
        return new RolloutOutcome(endpointName, RolloutOutcome.Action.ROLLED_BACK, reason);
    }

    private RolloutOutcome onFunctionAlarm(AlarmNotice alarm) {
        String function = alarm.dimensions().get("FunctionName");
        String resource = alarm.dimensions().get("Resource");
        if (function == null || resource == null || !resource.contains(":")) {
            return new RolloutOutcome(null, RolloutOutcome.Action.IGNORED, alarm.alarmName() + " names no function alias");
        }
        String alias = resource.substring(resource.lastIndexOf(':') + 1);
        boolean changed = functionAliases.resetWeights(function, alias);
        return new RolloutOutcome(null, changed ? RolloutOutcome.Action.ALIAS_RESET : RolloutOutcome.Action.IGNORED,
                function + ":" + alias + (changed ? " sent back to its primary version" : " had no additional version"));
    }

    private void rollback(EndpointConfig endpoint, RolloutPlan plan, RolloutPlan.State state, String reason, Change change) {
        List<Variant> variants = new ArrayList<>();
        int canaryWeight = endpoint.variant(Variant.CANARY).map(Variant::weight).orElse(0);
        for (Variant v : endpoint.variants()) {
            if (v.isCanary()) {
                variants.add(v.withWeight(0));
            } else if (v.name().equals(Variant.STABLE)) {
                variants.add(v.withWeight(v.weight() + canaryWeight));
            } else {
                variants.add(v);
            }
        }
        EndpointConfig next = endpoint.withVariants(variants)
                .withRollout(plan == null ? null : plan.withState(state, reason));
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation.PutEndpoint(next, endpoint.revision()));
        if (plan != null) {
            registry.alias(plan.canary().name(), plan.alias())
                    .filter(a -> a.version().equals(plan.canary().version()) && a.previousVersion() != null)
                    .ifPresent(a -> mutations.add(new Mutation.SetAlias(a.model(), a.alias(), a.previousVersion(), a.revision())));
        }
        registry.atomically(mutations, change);
    }

    // ---------------------------------------------------------------------- scheduled steps

    /** Checks every running rollout once (the scheduled step, every minute). */
    public List<RolloutOutcome> advanceAll() {
        List<RolloutOutcome> outcomes = new ArrayList<>();
        for (EndpointConfig endpoint : registry.endpoints()) {
            if (endpoint.rolloutPlan().map(p -> p.state() == RolloutPlan.State.RUNNING).orElse(false)) {
                try {
                    outcomes.add(advance(endpoint));
                } catch (RuntimeException e) {
                    // One endpoint's failure (a conflict, a metrics read) must not stop the others.
                    outcomes.add(new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.HELD, "failed: " + e.getMessage()));
                }
            }
        }
        return outcomes;
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
        Change change = new Change(ACTOR, "step " + next + " baked " + baked.toSeconds() + " s with " + requests
                + " canary requests and no alarm", null, null);
        Variant stable = endpoint.variant(Variant.STABLE).orElseThrow();
        if (next == plan.steps().size() - 1) {
            promote(endpoint, plan, stable, change);
            return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.PROMOTED, plan.canary() + " promoted");
        }
        RolloutPlan advanced = plan.atStep(next, now);
        registry.putEndpoint(weights(endpoint, stable.model(), plan.canary(), advanced.currentWeight()).withRollout(advanced),
                endpoint.revision(), change);
        return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.ADVANCED,
                "canary at " + advanced.currentWeight() + " basis points");
    }

    private void promote(EndpointConfig endpoint, RolloutPlan plan, Variant stable, Change change) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Variant.STABLE, plan.canary(), Variant.TOTAL_WEIGHT));
        for (Variant v : endpoint.variants()) {
            if (!v.isCanary() && !v.name().equals(Variant.STABLE)) {
                variants.add(v.withWeight(0));
            }
        }
        EndpointConfig next = endpoint.withVariants(variants)
                .withRollout(plan.atStep(plan.steps().size() - 1, clock.instant())
                        .withState(RolloutPlan.State.COMPLETED, change.reason()));
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation.PutEndpoint(next, endpoint.revision()));
        VersionRecord canary = registry.version(plan.canary()).orElseThrow();
        if (canary.version().state() != LifecycleState.PRODUCTION) {
            mutations.add(new Mutation.Transition(plan.canary(), LifecycleState.PRODUCTION, "promoted by rollout",
                    canary.revision()));
        }
        for (VersionRecord other : registry.versions(plan.canary().name())) {
            if (!other.version().key().equals(plan.canary()) && other.version().state() == LifecycleState.PRODUCTION) {
                mutations.add(new Mutation.Transition(other.version().key(), LifecycleState.STAGING,
                        "replaced in production by " + plan.canary().version(), other.revision()));
            }
        }
        Optional<AliasRecord> alias = registry.alias(plan.canary().name(), plan.alias());
        if (alias.isEmpty() || !alias.get().version().equals(plan.canary().version())) {
            mutations.add(new Mutation.SetAlias(plan.canary().name(), plan.alias(), plan.canary().version(),
                    alias.map(AliasRecord::revision).orElse(0L)));
        }
        registry.atomically(mutations, change);
    }

    private static RolloutOutcome held(EndpointConfig endpoint, String why) {
        return new RolloutOutcome(endpoint.name(), RolloutOutcome.Action.HELD, why);
    }

    // -------------------------------------------------------------------------------- helpers

    /** The endpoint with stable and canary variants at the given canary weight (others keep theirs at 0). */
    private static EndpointConfig weights(EndpointConfig endpoint, ModelKey stable, ModelKey canary, int canaryWeight) {
        int others = endpoint.variants().stream()
                .filter(v -> !v.isCanary() && !v.name().equals(Variant.STABLE)).mapToInt(Variant::weight).sum();
        if (others > 0) {
            throw new IllegalTransitionException("endpoint '" + endpoint.name()
                    + "' gives traffic to variants other than stable and canary; set them to 0 before a rollout");
        }
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Variant.STABLE, stable, Variant.TOTAL_WEIGHT - canaryWeight));
        variants.add(new Variant(Variant.CANARY, canary, canaryWeight));
        for (Variant v : endpoint.variants()) {
            if (!v.isCanary() && !v.name().equals(Variant.STABLE)) {
                variants.add(v);
            }
        }
        return endpoint.withVariants(variants);
    }

    private EndpointConfig endpoint(String name) {
        return registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(name));
    }

    private static RolloutPlan activePlan(EndpointConfig endpoint) {
        return endpoint.rolloutPlan().filter(p -> p.state().isActive()).orElseThrow(() ->
                new IllegalTransitionException("endpoint '" + endpoint.name() + "' has no rollout in progress"));
    }
}
