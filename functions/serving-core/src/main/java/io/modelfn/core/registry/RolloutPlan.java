package io.modelfn.core.registry;

import io.modelfn.core.model.ModelKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A gradual release of one version as an endpoint's canary, and where it stands. Stored in the
 * endpoint's item, so the plan and the weights it sets change together.
 *
 * <p>The canary's weight walks through {@code steps} (basis points, rising, the last one 10000).
 * A step is left only when its bake time has passed, the canary served at least
 * {@code minRequests} during it, and none of the endpoint's alarms is in ALARM. Reaching the last
 * step promotes the canary: it becomes the stable variant and {@code alias} points at it.
 *
 * @param canary the version being released
 * @param steps canary weights in basis points, rising, ending at 10000
 * @param bake minimum time on each step
 * @param minRequests minimum canary requests seen on a step before it may be left
 * @param alias the alias moved to the canary on promotion (usually {@code production})
 * @param step index of the current step
 * @param stepStartedAt when the current step began
 * @param reason why the plan is in its state (the alarm that rolled it back, who paused it)
 */
public record RolloutPlan(ModelKey canary, List<Integer> steps, Duration bake, long minRequests, String alias,
        State state, int step, Instant stepStartedAt, String reason) {

    /**
     * Where a rollout is. Only RUNNING rollouts advance. An ARMING rollout gives its canary no traffic
     * yet: it waits until its alarms are confirmed to exist, then runs from its first step.
     */
    public enum State {
        ARMING,
        RUNNING,
        PAUSED,
        COMPLETED,
        ROLLED_BACK,
        ABORTED;

        public boolean isActive() {
            return this == ARMING || this == RUNNING || this == PAUSED;
        }
    }

    public RolloutPlan {
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(state, "state");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one step");
        }
        int previous = 0;
        for (int weight : steps) {
            if (weight <= previous || weight > Variant.TOTAL_WEIGHT) {
                throw new IllegalArgumentException("rollout steps must rise strictly within 1..10000 basis points");
            }
            previous = weight;
        }
        if (steps.get(steps.size() - 1) != Variant.TOTAL_WEIGHT) {
            throw new IllegalArgumentException("the last rollout step must be 10000 (100 %): it promotes the canary");
        }
        if (bake == null || bake.isNegative()) {
            throw new IllegalArgumentException("bake time must be zero or positive");
        }
        if (minRequests < 0) {
            throw new IllegalArgumentException("minimum requests must be zero or positive");
        }
        if (step < 0 || step >= steps.size()) {
            throw new IllegalArgumentException("step index out of range");
        }
        alias = alias == null || alias.isBlank() ? "production" : alias;
        reason = reason == null ? "" : reason;
    }

    /** The canary weight of the current step. */
    public int currentWeight() {
        return steps.get(step);
    }

    public boolean onLastStep() {
        return step == steps.size() - 1;
    }

    public RolloutPlan withState(State newState, String newReason) {
        return new RolloutPlan(canary, steps, bake, minRequests, alias, newState, step, stepStartedAt, newReason);
    }

    public RolloutPlan atStep(int newStep, Instant startedAt) {
        return new RolloutPlan(canary, steps, bake, minRequests, alias, state, newStep, startedAt, reason);
    }
}
