package io.modelfn.core.rollout;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reacts to alarms: an ALARM on an endpoint's canary rolls it back; an ALARM on its stable variant
 * while a promotion is under watch rolls the promotion back; an ALARM on a Lambda function alias
 * resets the alias's weights.
 *
 * <p>A rollback sets the canary's weight to 0 (every caller returns to stable at once: the routing
 * is monotone), moves the alias back if it had moved to the canary, and marks the rollout
 * ROLLED_BACK naming the alarm and its reason: one transaction, with its audit events. Repeated
 * alarm events, OK and INSUFFICIENT_DATA, and alarms on the stable variant outside a watch change
 * nothing.
 *
 * <p>Thread-safe (stateless; the registry's revisions decide concurrent decisions).
 */
public final class CanaryGuard {

    /** The actor named in the audit trail for automatic rollbacks. */
    public static final String ACTOR = RolloutTransactions.AUTOMATIC_ACTOR;
    private static final Logger LOG = Logger.getLogger(CanaryGuard.class.getName());

    private final ModelRegistry registry;
    private final FunctionAliases functionAliases;

    public CanaryGuard(ModelRegistry registry, FunctionAliases functionAliases) {
        this.registry = registry;
        this.functionAliases = functionAliases;
    }

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
        if (endpointName != null && Variant.STABLE.equals(variant)) {
            return onStableAlarm(endpointName, alarm);
        }
        if (endpointName == null || !Variant.CANARY.equals(variant)) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED,
                    alarm.alarmName() + " does not watch a canary (variant " + variant + ")");
        }
        Optional<EndpointConfig> endpoint = registry.endpoint(endpointName);
        if (endpoint.isEmpty()) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED, "no such endpoint");
        }
        boolean canaryServing = endpoint.get().variant(Variant.CANARY).map(v -> v.weight() > 0).orElse(false);
        boolean rolloutActive = endpoint.get().rolloutPlan()
                .map(p -> p.state().isActive() && p.state() != RolloutPlan.State.WATCHING).orElse(false);
        if (!canaryServing && !rolloutActive) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED, "canary already takes no traffic");
        }
        String reason = "alarm " + alarm.alarmName() + ": " + alarm.reason();
        RolloutPlan plan = endpoint.get().rolloutPlan().orElse(null);
        RolloutTransactions.rollback(registry, endpoint.get(), plan, RolloutPlan.State.ROLLED_BACK, reason,
                new Change(ACTOR, reason, null, null));
        LOG.warning(() -> "rolled back the canary of " + endpointName + " (" + reason + ")");
        return new RolloutOutcome(endpointName, RolloutOutcome.Action.ROLLED_BACK, reason);
    }

    /**
     * An alarm on the stable variant rolls back a promotion under watch (the stable variant serves the
     * promoted version then); outside a watch it only notifies people, so nothing changes here.
     */
    private RolloutOutcome onStableAlarm(String endpointName, AlarmNotice alarm) {
        Optional<EndpointConfig> endpoint = registry.endpoint(endpointName);
        RolloutPlan plan = endpoint.flatMap(EndpointConfig::rolloutPlan).orElse(null);
        if (plan == null || plan.state() != RolloutPlan.State.WATCHING) {
            return new RolloutOutcome(endpointName, RolloutOutcome.Action.IGNORED,
                    alarm.alarmName() + " watches the stable variant, and no promotion is under watch");
        }
        String reason = "alarm " + alarm.alarmName() + ": " + alarm.reason();
        RolloutTransactions.rollbackPromotion(registry, endpoint.get(), plan, RolloutPlan.State.ROLLED_BACK, reason,
                new Change(ACTOR, reason, null, null));
        LOG.warning(() -> "rolled back the promotion of " + plan.canary() + " on " + endpointName + " (" + reason + ")");
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
}
