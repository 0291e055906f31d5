package io.modelfn.core.notice;

import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.rollout.AlarmNotice;
import io.modelfn.core.rollout.RolloutOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells people about every rollback the rollout function performed: one {@link RollbackNotice} per
 * outcome whose action is {@code ROLLED_BACK} (a canary rolled back by an alarm or by the schedule, a
 * promoted version rolled back after promotion) or {@code ALIAS_RESET} (a function alias sent back to
 * its primary version). What was rolled back to what is read from the registry after the rollback
 * (the plan's canary, the stable variant, the plan's alias).
 *
 * <p>Runs after the rollbacks are committed and never throws: a notice that cannot be built in full
 * goes out with what is known, and one that cannot be published is logged with its outcome and
 * reported in the answer; the rollback stands either way. Thread-safe (stateless).
 */
public final class RollbackAnnouncer {

    private static final Logger LOG = Logger.getLogger(RollbackAnnouncer.class.getName());

    private final ModelRegistry registry;
    private final RollbackNotifier notifier;
    private final Clock clock;

    public RollbackAnnouncer(ModelRegistry registry, RollbackNotifier notifier, Clock clock) {
        this.registry = registry;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** One notice and whether it was handed over ({@code failure} empty) or not (why). */
    public record Delivery(RollbackNotice notice, Optional<String> failure) {
    }

    /**
     * Publishes a notice for each rollback among {@code outcomes}.
     *
     * @param alarm the alarm event that caused them, or empty (the schedule)
     */
    public List<Delivery> announce(Optional<AlarmNotice> alarm, List<RolloutOutcome> outcomes) {
        List<Delivery> deliveries = new ArrayList<>();
        for (RolloutOutcome outcome : outcomes) {
            RollbackNotice notice = switch (outcome.action()) {
                case ROLLED_BACK -> endpointNotice(alarm, outcome);
                case ALIAS_RESET -> functionNotice(alarm, outcome);
                default -> null;
            };
            if (notice == null) {
                continue;
            }
            try {
                notifier.publish(notice);
                deliveries.add(new Delivery(notice, Optional.empty()));
            } catch (RuntimeException e) {
                // The rollback is committed; a lost notice must not look like a failed rollback.
                LOG.log(Level.SEVERE, "rollback notice not published for " + outcome.action() + " "
                        + (notice.endpoint() != null ? notice.endpoint() : notice.function()) + " (" + outcome.detail()
                        + "): " + e.getMessage(), e);
                deliveries.add(new Delivery(notice, Optional.of(String.valueOf(e.getMessage()))));
            }
        }
        return deliveries;
    }

    private RollbackNotice endpointNotice(Optional<AlarmNotice> alarm, RolloutOutcome outcome) {
        String name = outcome.endpoint() != null ? outcome.endpoint() : "unknown";
        String rolledBack = null;
        String restored = null;
        String alias = null;
        try {
            Optional<EndpointConfig> endpoint = registry.endpoint(name);
            Optional<RolloutPlan> plan = endpoint.flatMap(EndpointConfig::rolloutPlan);
            rolledBack = plan.map(p -> p.canary().toString()).orElse(null);
            restored = endpoint.flatMap(e -> e.variant(Variant.STABLE)).map(v -> v.model().toString()).orElse(null);
            if (plan.isPresent() && plan.get().alias() != null) {
                String aliasName = plan.get().alias();
                alias = registry.alias(plan.get().canary().name(), aliasName)
                        .map(AliasRecord::version).map(v -> aliasName + " -> " + v).orElse(null);
            }
        } catch (RuntimeException e) {
            // The registry could not be read back: the notice still goes out, with the outcome's own words.
            LOG.log(Level.WARNING, "rollback notice of " + name + " without versions: " + e.getMessage());
        }
        return new RollbackNotice(outcome.action().name(), name, null, rolledBack, restored, alias,
                alarm.map(AlarmNotice::alarmName).orElse(null), alarm.map(AlarmNotice::reason).orElse(null),
                outcome.detail(), clock.instant());
    }

    private RollbackNotice functionNotice(Optional<AlarmNotice> alarm, RolloutOutcome outcome) {
        String function = alarm.map(a -> a.dimensions().get("FunctionName")).orElse(null);
        String resource = alarm.map(a -> a.dimensions().get("Resource")).orElse(null);
        String aliasName = resource != null && resource.contains(":") ? resource.substring(resource.lastIndexOf(':') + 1)
                : null;
        String target = function == null ? "unknown" : aliasName == null ? function : function + ":" + aliasName;
        return new RollbackNotice(outcome.action().name(), null, target, "the additional version of " + target,
                "the primary version of " + target, null, alarm.map(AlarmNotice::alarmName).orElse(null),
                alarm.map(AlarmNotice::reason).orElse(null), outcome.detail(), clock.instant());
    }
}
