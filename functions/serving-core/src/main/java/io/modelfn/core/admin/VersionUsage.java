package io.modelfn.core.admin;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which versions exist and which are in use (by an alias, now or before, or by an endpoint, as a
 * variant or shadow): what lifecycle moves, endpoints and clean-up all ask the registry.
 */
final class VersionUsage {

    private final ModelRegistry registry;

    VersionUsage(ModelRegistry registry) {
        this.registry = registry;
    }

    VersionRecord existing(ModelKey key) {
        return registry.version(key).orElseThrow(() -> new VersionNotFoundException(key + " is not registered"));
    }

    /** The version as served, or null when it is not registered. */
    ModelVersion served(ModelKey key) {
        return registry.version(key).map(VersionRecord::version).orElse(null);
    }

    /**
     * The registered version whose artifact lives at the location's key, if any. Reads every version
     * of every model: registration and upload preparation are rare, and a version may have been
     * registered from any key under the prefix, not only its own.
     */
    Optional<ModelKey> artifactKeyUser(ArtifactLocation location) {
        for (String model : registry.models()) {
            for (VersionRecord record : registry.versions(model)) {
                if (record.version().artifact().sameKey(location)) {
                    return Optional.of(record.version().key());
                }
            }
        }
        return Optional.empty();
    }

    Set<String> versionsInUse(String model) {
        Set<String> inUse = new LinkedHashSet<>();
        for (AliasRecord alias : registry.aliases(model)) {
            inUse.add(alias.version());
            if (alias.previousVersion() != null) {
                inUse.add(alias.previousVersion());
            }
        }
        for (EndpointConfig endpoint : registry.endpoints()) {
            endpointKeys(endpoint).filter(k -> k.name().equals(model)).forEach(k -> inUse.add(k.version()));
        }
        return inUse;
    }

    void requireUnused(ModelKey key, String action) {
        if (versionsInUse(key.name()).contains(key.version())) {
            throw new IllegalTransitionException("cannot " + action + ": " + key
                    + " is used by an alias or an endpoint; move them first");
        }
    }

    static Set<String> referencedModels(EndpointConfig endpoint) {
        Set<String> models = new LinkedHashSet<>();
        endpointKeys(endpoint).forEach(k -> models.add(k.name()));
        return models;
    }

    private static Stream<ModelKey> endpointKeys(EndpointConfig endpoint) {
        Stream<ModelKey> variants = endpoint.variants().stream().map(Variant::model);
        return endpoint.shadowConfig().map(s -> Stream.concat(variants, Stream.of(s.model()))).orElse(variants);
    }
}
