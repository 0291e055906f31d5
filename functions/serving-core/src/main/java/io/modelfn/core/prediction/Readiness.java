package io.modelfn.core.prediction;

import io.modelfn.core.cache.LoadState;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a name can answer at once: the readiness rule of the inference protocol's model routes.
 * Asking starts the load of every version that takes the name's traffic and is not loaded yet (the
 * same single load a request would start, not waited for), so a client that polls readiness sees
 * a lazily loaded model become ready without sending it a request.
 *
 * @param state where the name stands
 * @param reason for {@link State#FAILED}, what went wrong in words a client may read; otherwise null
 */
public record Readiness(State state, String reason) {

    public enum State {
        /** Every version that takes its traffic is loaded in this process. */
        READY,
        /** Forwarded to a remote backend, whose own health check is what SageMaker or the load balancer route on. */
        REMOTE,
        /** A version that takes its traffic is loading (this question may have started it). */
        LOADING,
        /** The last load of a version that takes its traffic failed; it is tried again after the cache's back-off. */
        FAILED
    }

    static Readiness of(RegistrySnapshot snapshot, EndpointResolver resolver, ModelCache cache, boolean forwards,
            String name, String pinnedVersion) {
        try {
            return evaluate(snapshot, resolver, cache, forwards, name, pinnedVersion);
        } catch (NoServableVersionException e) {
            // Every version the endpoint routes to was refused (FAILED): not ready, and the message says so.
            return new Readiness(State.FAILED, e.getMessage());
        }
    }

    private static Readiness evaluate(RegistrySnapshot snapshot, EndpointResolver resolver, ModelCache cache,
            boolean forwards, String name, String pinnedVersion) {
        if (forwards && resolver.resolve(snapshot, name, pinnedVersion, null).backend().remote()) {
            return new Readiness(State.REMOTE, null);
        }
        List<ModelVersion> versions;
        Optional<EndpointConfig> endpoint = pinnedVersion == null ? snapshot.endpoint(name) : Optional.empty();
        if (endpoint.isEmpty()) {
            versions = List.of(resolver.resolve(snapshot, name, pinnedVersion, null).version());
        } else {
            List<ModelVersion> weighted = endpoint.get().variants().stream().filter(v -> v.weight() > 0)
                    .map(Variant::model).map(key -> snapshot.version(key).orElse(null)).filter(Objects::nonNull).toList();
            // A version marked FAILED takes no traffic (its share goes to the stable variant): never loaded for it.
            versions = weighted.stream().filter(v -> v.state().canTakeTraffic()).toList();
            if (versions.isEmpty() && !weighted.isEmpty()) {
                ModelVersion refused = weighted.get(0);
                return new Readiness(State.FAILED, "endpoint '" + name + "' routes to " + refused.key() + ", which is "
                        + refused.state() + ", and has no other version that can take traffic");
            }
        }
        // Every version is asked (and so starts loading), not only up to the first that is not loaded.
        List<LoadState> states = versions.stream().map(cache::warm).toList();
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).phase() == LoadState.Phase.FAILED) {
                return new Readiness(State.FAILED, versions.get(i).key() + ": the last load failed ("
                        + states.get(i).failureReason() + "); it is tried again after the failure back-off");
            }
        }
        return states.stream().allMatch(s -> s.phase() == LoadState.Phase.LOADED) ? new Readiness(State.READY, null)
                : new Readiness(State.LOADING, null);
    }
}
