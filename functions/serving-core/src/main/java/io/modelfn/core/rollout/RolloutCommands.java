package io.modelfn.core.rollout;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What operators do to a gradual release: start, pause, resume and abort it. The steps themselves
 * are the {@link RolloutStepper}'s, rollbacks on alarms the {@link CanaryGuard}'s; neither CloudWatch
 * nor Lambda is needed here.
 *
 * <p>Thread-safe (stateless; the registry's revisions decide concurrent changes).
 */
public final class RolloutCommands {

    private final ModelRegistry registry;
    private final Clock clock;

    public RolloutCommands(ModelRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Starts releasing {@code version} on {@code endpoint}: a {@value Variant#CANARY} variant joins at
     * weight 0 and the plan is {@code ARMING}; the stepper gives the canary its first step's weight
     * once the release's alarms are confirmed to exist, so no traffic moves unguarded even when
     * creating an alarm fails.
     */
    public EndpointConfig start(String endpointName, String version, List<Integer> steps, Duration bake, long minRequests,
            String alias, Change change) {
        return start(endpointName, version, steps, bake, minRequests, alias, Duration.ZERO, change);
    }

    /**
     * Starts a release as {@link #start(String, String, List, Duration, long, String, Change)} does, whose
     * promoted version is then watched for {@code watch} (zero: the rollout completes at promotion).
     */
    public EndpointConfig start(String endpointName, String version, List<Integer> steps, Duration bake, long minRequests,
            String alias, Duration watch, Change change) {
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
            plan = new RolloutPlan(canary, steps, bake, minRequests, alias, RolloutPlan.State.ARMING, 0, clock.instant(),
                    change.reason(), watch, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        if (plan.onLastStep()) {
            throw new InvalidAdminRequestException("a rollout needs at least one step below 100 % before promotion");
        }
        EndpointConfig next = RolloutTransactions.weights(endpoint, stable.model(), canary, 0).withRollout(plan);
        return registry.putEndpoint(next, endpoint.revision(), change);
    }

    public EndpointConfig pause(String endpointName, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        RolloutPlan plan = activePlan(endpoint);
        if (plan.state() == RolloutPlan.State.PAUSED) {
            return endpoint;
        }
        refuseWhileWatching(endpoint, plan, "paused");
        return registry.putEndpoint(endpoint.withRollout(plan.withState(RolloutPlan.State.PAUSED, change.reason())),
                endpoint.revision(), change);
    }

    /**
     * Resumes a paused rollout; the current step bakes again from now. A rollout paused before its
     * canary took traffic arms again.
     */
    public EndpointConfig resume(String endpointName, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        RolloutPlan plan = activePlan(endpoint);
        refuseWhileWatching(endpoint, plan, "resumed");
        if (plan.state() != RolloutPlan.State.PAUSED) {
            return endpoint;
        }
        boolean canaryServing = endpoint.variant(Variant.CANARY).map(v -> v.weight() > 0).orElse(false);
        RolloutPlan.State state = canaryServing ? RolloutPlan.State.RUNNING : RolloutPlan.State.ARMING;
        RolloutPlan resumed = plan.withState(state, change.reason()).atStep(plan.step(), clock.instant());
        return registry.putEndpoint(endpoint.withRollout(resumed), endpoint.revision(), change);
    }

    /**
     * Stops a rollout and sends all traffic back to stable, as a rollback does; a promotion under
     * watch is rolled back (the version it replaced, the alias and the lifecycle states restored).
     */
    public EndpointConfig abort(String endpointName, Change change) {
        EndpointConfig endpoint = endpoint(endpointName);
        RolloutPlan plan = activePlan(endpoint);
        String reason = change.reason().isBlank() ? "aborted" : change.reason();
        if (plan.state() == RolloutPlan.State.WATCHING) {
            RolloutTransactions.rollbackPromotion(registry, endpoint, plan, RolloutPlan.State.ABORTED, reason, change);
        } else {
            RolloutTransactions.rollback(registry, endpoint, plan, RolloutPlan.State.ABORTED, reason, change);
        }
        return endpoint(endpointName);
    }

    private static void refuseWhileWatching(EndpointConfig endpoint, RolloutPlan plan, String what) {
        if (plan.state() == RolloutPlan.State.WATCHING) {
            throw new IllegalTransitionException("the rollout on endpoint '" + endpoint.name() + "' has promoted "
                    + plan.canary() + " and watches it; it cannot be " + what + " (abort rolls the promotion back)");
        }
    }

    private EndpointConfig endpoint(String name) {
        return registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(name));
    }

    private static RolloutPlan activePlan(EndpointConfig endpoint) {
        return endpoint.rolloutPlan().filter(p -> p.state().isActive()).orElseThrow(() ->
                new IllegalTransitionException("endpoint '" + endpoint.name() + "' has no rollout in progress"));
    }
}
