package io.modelfn.core.rollout;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.Variant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps the alarms of guarded releases: before a release's canary takes traffic its alarms
 * ({@link EndpointAlarms#canary}, and the stable variant's, which watch the version once promoted)
 * are put and read back; once no release is active on an endpoint they are deleted. Endpoints named in the stage settings keep the alarms their stack made: they are
 * only confirmed, never put or deleted here (CloudFormation owns them).
 *
 * <p>An endpoint's own alarm limits ({@link EndpointLimits}) replace the stage's where it sets them.
 * Limits changed during a release reach its alarms on the next sweep: the keeper remembers the limits
 * it last put per endpoint (in memory, so a fresh instance puts every active release's alarms once).
 *
 * <p>Thread-safe (its one piece of state is a concurrent map); the store's failures throw.
 */
public final class ReleaseAlarmKeeper {

    private static final Logger LOG = Logger.getLogger(ReleaseAlarmKeeper.class.getName());

    private final AlarmStore store;
    private final String prefix;
    private final Set<String> stackEndpoints;
    private final AlarmThresholds limits;
    private final EndpointLimits endpointLimits;
    /** The limits whose alarms this instance last put for an active release, per endpoint. */
    private final Map<String, AlarmThresholds> lastPut = new ConcurrentHashMap<>();

    /**
     * @param prefix the stage's alarm name prefix ({@link AlarmNames})
     * @param stackEndpoints endpoints whose alarms the stack made
     * @param limits the stage's limits of alarms made here
     */
    public ReleaseAlarmKeeper(AlarmStore store, String prefix, Set<String> stackEndpoints, AlarmThresholds limits) {
        this(store, prefix, stackEndpoints, limits, EndpointLimits.NONE);
    }

    /**
     * @param limits the stage's limits of alarms made here
     * @param endpointLimits where each endpoint's own limits are read, used over the stage's
     */
    public ReleaseAlarmKeeper(AlarmStore store, String prefix, Set<String> stackEndpoints, AlarmThresholds limits,
            EndpointLimits endpointLimits) {
        this.store = store;
        this.prefix = prefix;
        this.stackEndpoints = Set.copyOf(stackEndpoints);
        this.limits = limits;
        this.endpointLimits = endpointLimits;
    }

    /** The alarms that guard a release on {@code endpoint}: the stage's limits, with the endpoint's own over them. */
    public List<AlarmDefinition> definitions(String endpoint) {
        return EndpointAlarms.canary(prefix, endpoint, limits.withLimits(endpointLimits.of(endpoint)));
    }

    /**
     * The alarms that watch a promoted version on {@code endpoint}: its stable variant's
     * ({@link EndpointAlarms#stable}), made with the release unless the stack made them.
     */
    public List<AlarmDefinition> watchDefinitions(String endpoint) {
        return stackEndpoints.contains(endpoint) ? List.of()
                : EndpointAlarms.stable(prefix, endpoint, limits.withLimits(endpointLimits.of(endpoint)));
    }

    /**
     * Makes sure every alarm guarding a release on {@code endpoint} exists, those watching its
     * promotion included (puts them, unless the stack owns them, then reads them back). Returns the
     * names still missing: empty when armed.
     */
    public List<String> arm(String endpoint) {
        List<AlarmDefinition> alarms = new ArrayList<>(definitions(endpoint));
        alarms.addAll(watchDefinitions(endpoint));
        if (!stackEndpoints.contains(endpoint)) {
            store.put(alarms);
        }
        Set<String> existing = new HashSet<>(store.names(AlarmNames.variantPrefix(prefix, endpoint, Variant.CANARY)));
        if (!watchDefinitions(endpoint).isEmpty()) {
            existing.addAll(store.names(AlarmNames.variantPrefix(prefix, endpoint, Variant.STABLE)));
        }
        List<String> missing = new ArrayList<>();
        for (AlarmDefinition alarm : alarms) {
            if (!existing.contains(alarm.name())) {
                missing.add(alarm.name());
            }
        }
        return missing;
    }

    /**
     * Deletes the release alarms of every endpoint without an active release (and not owned by the
     * stack), and those of endpoints that no longer exist (read back from the names of the stage's
     * alarms with {@link AlarmNames#releaseEndpoint}; never a stack endpoint's, never a name outside
     * that scheme): one listing of the stage's alarms, one delete of what is left over. Then puts again
     * the alarms of each active release whose limits differ from those this instance last put (limits
     * changed during the release, or a fresh instance). Returns the names deleted.
     *
     * @param endpoints every endpoint of the registry, as read before this call
     */
    public List<String> sweep(List<EndpointConfig> endpoints) {
        List<String> listed = store.names(prefix);
        Set<String> existing = new HashSet<>(listed);
        Set<String> known = new HashSet<>();
        List<String> unused = new ArrayList<>();
        for (EndpointConfig endpoint : endpoints) {
            known.add(endpoint.name());
            boolean active = endpoint.rolloutPlan().map(p -> p.state().isActive()).orElse(false);
            if (active || stackEndpoints.contains(endpoint.name())) {
                continue;
            }
            lastPut.remove(endpoint.name());
            // The names alone: they do not depend on the limits.
            for (AlarmDefinition alarm : EndpointAlarms.canary(prefix, endpoint.name(), limits)) {
                if (existing.contains(alarm.name())) {
                    unused.add(alarm.name());
                }
            }
            for (AlarmDefinition alarm : EndpointAlarms.stable(prefix, endpoint.name(), limits)) {
                if (existing.contains(alarm.name())) {
                    unused.add(alarm.name());
                }
            }
        }
        for (String name : listed) {
            AlarmNames.releaseEndpoint(name, prefix)
                    .filter(endpoint -> !known.contains(endpoint) && !stackEndpoints.contains(endpoint))
                    .ifPresent(endpoint -> unused.add(name));
        }
        if (!unused.isEmpty()) {
            store.delete(unused);
        }
        refreshLimits(endpoints);
        return unused;
    }

    /**
     * Puts the alarms of each armed active release (not the stack's) again when its limits differ from
     * those last put here. A failed put is remembered as not done (the next sweep tries again) and thrown
     * once every release was tried.
     */
    private void refreshLimits(List<EndpointConfig> endpoints) {
        RuntimeException failed = null;
        for (EndpointConfig endpoint : endpoints) {
            boolean armed = endpoint.rolloutPlan()
                    .map(p -> p.state().isActive() && p.state() != RolloutPlan.State.ARMING).orElse(false);
            if (!armed || stackEndpoints.contains(endpoint.name())) {
                continue;
            }
            AlarmThresholds wanted = limits.withLimits(endpoint.alarmLimits());
            if (wanted.equals(lastPut.get(endpoint.name()))) {
                continue;
            }
            try {
                List<AlarmDefinition> alarms = new ArrayList<>(EndpointAlarms.canary(prefix, endpoint.name(), wanted));
                alarms.addAll(EndpointAlarms.stable(prefix, endpoint.name(), wanted));
                store.put(alarms);
                lastPut.put(endpoint.name(), wanted);
                LOG.info(() -> "alarms of the release on " + endpoint.name() + " put with limits " + wanted);
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
