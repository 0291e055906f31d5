package io.modelfn.core.rollout;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.RolloutPromotion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry changes that more than one rollout actor makes: the weights of a step (commands and
 * the stepper), the rollback to stable (an operator's abort and the canary guard) and the rollback of
 * a watched promotion (an operator's abort, the guard and the stepper). Kept in one
 * place so an abort and an automatic rollback cannot drift apart. Stateless.
 */
final class RolloutTransactions {

    /** The actor named in the audit trail for automatic decisions (the guard's and the stepper's). */
    static final String AUTOMATIC_ACTOR = "modelfn-rollout";

    private RolloutTransactions() {
    }

    /**
     * Sends all of the canary's traffic back to stable, moves the alias back if it had moved to the
     * canary, and leaves the plan (if any) in {@code state}: one transaction with its audit events.
     */
    static void rollback(ModelRegistry registry, EndpointConfig endpoint, RolloutPlan plan, RolloutPlan.State state,
            String reason, Change change) {
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

    /**
     * Undoes a watched promotion: the version it replaced serves as stable at full weight again (the
     * promoted one stays as the canary at weight 0), the alias returns to the version it named before
     * if it still names the promoted one, the lifecycle transitions of the promotion are reverted
     * where the versions are still as the promotion left them, and the plan is left in {@code state}
     * naming {@code reason}: one transaction with its audit events.
     */
    static void rollbackPromotion(ModelRegistry registry, EndpointConfig endpoint, RolloutPlan plan,
            RolloutPlan.State state, String reason, Change change) {
        RolloutPromotion replaced = plan.promotion();
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Variant.STABLE, replaced.previousStable(), Variant.TOTAL_WEIGHT));
        variants.add(new Variant(Variant.CANARY, plan.canary(), 0));
        for (Variant v : endpoint.variants()) {
            if (!v.isCanary() && !v.name().equals(Variant.STABLE)) {
                variants.add(v.withWeight(0));
            }
        }
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(new Mutation.PutEndpoint(endpoint.withVariants(variants).withRollout(plan.withState(state, reason)),
                endpoint.revision()));
        String model = plan.canary().name();
        if (replaced.previousAliasVersion() != null) {
            registry.alias(model, plan.alias())
                    .filter(a -> a.version().equals(plan.canary().version()))
                    .ifPresent(a -> mutations.add(new Mutation.SetAlias(model, a.alias(), replaced.previousAliasVersion(),
                            a.revision())));
        }
        registry.version(plan.canary())
                .filter(v -> v.version().state() == LifecycleState.PRODUCTION
                        && replaced.promotedStateBefore() != LifecycleState.PRODUCTION)
                .ifPresent(v -> mutations.add(new Mutation.Transition(plan.canary(), replaced.promotedStateBefore(),
                        "promotion rolled back: " + reason, v.revision())));
        for (String version : replaced.demoted()) {
            ModelKey key = new ModelKey(model, version);
            registry.version(key)
                    .filter(v -> v.version().state() == LifecycleState.STAGING)
                    .ifPresent(v -> mutations.add(new Mutation.Transition(key, LifecycleState.PRODUCTION,
                            "restored by the rollback of " + plan.canary().version(), v.revision())));
        }
        registry.atomically(mutations, change);
    }

    /** The endpoint with stable and canary variants at the given canary weight (others keep theirs at 0). */
    static EndpointConfig weights(EndpointConfig endpoint, ModelKey stable, ModelKey canary, int canaryWeight) {
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
}
