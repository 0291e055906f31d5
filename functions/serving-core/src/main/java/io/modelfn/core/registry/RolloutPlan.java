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
 * step promotes the canary: it becomes the stable variant and {@code alias} points at it. With a
 * {@code watch} above zero the plan then stays {@link State#WATCHING} that long, remembering what
 * the promotion replaced ({@code promotion}): an alarm in that window rolls the promotion back.
 *
 * @param canary the version being released
 * @param steps canary weights in basis points, rising, ending at 10000
 * @param bake minimum time on each step
 * @param minRequests minimum canary requests seen on a step before it may be left
 * @param alias the alias moved to the canary on promotion (usually {@code production})
 * @param step index of the current step
 * @param stepStartedAt when the current step began
 * @param reason why the plan is in its state (the alarm that rolled it back, who paused it)
 * @param watch how long the promoted version is watched after promotion; zero completes the rollout
 *     at promotion
 * @param promotion what the promotion replaced, once promoted with a watch; else null
 */
public record RolloutPlan(ModelKey canary, List<Integer> steps, Duration bake, long minRequests, String alias,
        State state, int step, Instant stepStartedAt, String reason, Duration watch, RolloutPromotion promotion) {

    /**
     * Where a rollout is. Only RUNNING rollouts advance. An ARMING rollout gives its canary no traffic
     * yet: it waits until its alarms are confirmed to exist, then runs from its first step. A
     * WATCHING rollout has promoted its version (since {@code stepStartedAt}) and rolls the promotion
     * back on an alarm until its watch has passed.
     */
    public enum State {
        ARMING,
        RUNNING,
        PAUSED,
        WATCHING,
        COMPLETED,
        ROLLED_BACK,
        ABORTED;

        public boolean isActive() {
            return this == ARMING || this == RUNNING || this == PAUSED || this == WATCHING;
        }
    }

    /** A plan without a watch after promotion. */
    public RolloutPlan(ModelKey canary, List<Integer> steps, Duration bake, long minRequests, String alias,
            State state, int step, Instant stepStartedAt, String reason) {
        this(canary, steps, bake, minRequests, alias, state, step, stepStartedAt, reason, Duration.ZERO, null);
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
        watch = watch == null ? Duration.ZERO : watch;
        if (watch.isNegative()) {
            throw new IllegalArgumentException("the watch after promotion must be zero or positive");
        }
        if (state == State.WATCHING && promotion == null) {
            throw new IllegalArgumentException("a watched rollout must say what its promotion replaced");
        }
    }

    /** The canary weight of the current step. */
    public int currentWeight() {
        return steps.get(step);
    }

    public boolean onLastStep() {
        return step == steps.size() - 1;
    }

    public RolloutPlan withState(State newState, String newReason) {
        return new RolloutPlan(canary, steps, bake, minRequests, alias, newState, step, stepStartedAt, newReason, watch,
                promotion);
    }

    public RolloutPlan atStep(int newStep, Instant startedAt) {
        return new RolloutPlan(canary, steps, bake, minRequests, alias, state, newStep, startedAt, reason, watch,
                promotion);
    }

    /** The plan on its last step, promoted at {@code at} and watched from then, remembering what it replaced. */
    public RolloutPlan watching(RolloutPromotion replaced, Instant at, String newReason) {
        return new RolloutPlan(canary, steps, bake, minRequests, alias, State.WATCHING, steps.size() - 1, at, newReason,
                watch, replaced);
    }
}
