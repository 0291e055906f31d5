package io.modelfn.core.rollout;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the alarms of guarded releases: before a release's canary takes traffic its alarms
 * ({@link EndpointAlarms#canary}) are put and read back; once no release is active on an endpoint
 * they are deleted. Endpoints named in the stage settings keep the alarms their stack made: they are
 * only confirmed, never put or deleted here (CloudFormation owns them).
 *
 * <p>Thread-safe (stateless apart from its settings); the store's failures throw.
 */
public final class ReleaseAlarmKeeper {

    private final AlarmStore store;
    private final String prefix;
    private final Set<String> stackEndpoints;
    private final AlarmThresholds limits;

    /**
     * @param prefix the stage's alarm name prefix ({@link AlarmNames})
     * @param stackEndpoints endpoints whose alarms the stack made
     * @param limits the limits of alarms made here
     */
    public ReleaseAlarmKeeper(AlarmStore store, String prefix, Set<String> stackEndpoints, AlarmThresholds limits) {
        this.store = store;
        this.prefix = prefix;
        this.stackEndpoints = Set.copyOf(stackEndpoints);
        this.limits = limits;
    }

    /** The alarms that guard a release on {@code endpoint}. */
    public List<AlarmDefinition> definitions(String endpoint) {
        return EndpointAlarms.canary(prefix, endpoint, limits);
    }

    /**
     * Makes sure every alarm guarding a release on {@code endpoint} exists (puts them, unless the
     * stack owns them, then reads them back). Returns the names still missing: empty when armed.
     */
    public List<String> arm(String endpoint) {
        List<AlarmDefinition> alarms = definitions(endpoint);
        if (!stackEndpoints.contains(endpoint)) {
            store.put(alarms);
        }
        Set<String> existing = new HashSet<>(store.names(AlarmNames.variantPrefix(prefix, endpoint, Variant.CANARY)));
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
     * that scheme): one listing of the stage's alarms, one delete of what is left over. Returns the
     * names deleted.
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
            for (AlarmDefinition alarm : definitions(endpoint.name())) {
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
        return unused;
    }
}
