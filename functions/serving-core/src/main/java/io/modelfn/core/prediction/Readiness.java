package io.modelfn.core.prediction;

import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Whether a name can answer at once: the readiness rule of the inference protocol's model routes. */
public enum Readiness {
    /** Every version that takes its traffic is loaded in this process. */
    READY,
    /** Forwarded to a remote backend, whose own health check is what SageMaker or the load balancer route on. */
    REMOTE,
    /** A version that takes its traffic is not loaded yet. */
    NOT_LOADED;

    static Readiness of(RegistrySnapshot snapshot, EndpointResolver resolver, ModelCache cache, boolean forwards,
            String name, String pinnedVersion) {
        if (forwards && resolver.resolve(snapshot, name, pinnedVersion, null).backend().remote()) {
            return REMOTE;
        }
        List<ModelVersion> versions;
        Optional<EndpointConfig> endpoint = pinnedVersion == null ? snapshot.endpoint(name) : Optional.empty();
        if (endpoint.isEmpty()) {
            versions = List.of(resolver.resolve(snapshot, name, pinnedVersion, null).version());
        } else {
            versions = endpoint.get().variants().stream().filter(v -> v.weight() > 0).map(Variant::model)
                    .map(key -> snapshot.version(key).orElse(null)).filter(Objects::nonNull).toList();
        }
        return versions.stream().allMatch(v -> cache.isLoaded(v.key())) ? READY : NOT_LOADED;
    }
}
