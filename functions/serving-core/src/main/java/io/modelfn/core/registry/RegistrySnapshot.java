package io.modelfn.core.registry;

import io.modelfn.core.model.ModelKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the serving path needs from the registry, in memory: endpoints, the versions that may
 * be served, and aliases. Immutable; replaced as a whole on refresh.
 *
 * @param aliases alias name → version, by model name
 * @param readAt when the registry was read (by the snapshot cache's clock)
 */
public record RegistrySnapshot(
        Map<String, EndpointConfig> endpoints,
        Map<ModelKey, ModelVersion> versions,
        Map<String, Map<String, String>> aliases,
        Instant readAt) {

    public RegistrySnapshot {
        endpoints = Map.copyOf(endpoints);
        versions = Map.copyOf(versions);
        aliases = Map.copyOf(aliases);
    }

    public static RegistrySnapshot empty(Instant at) {
        return new RegistrySnapshot(Map.of(), Map.of(), Map.of(), at);
    }

    public Optional<EndpointConfig> endpoint(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }

    public Optional<ModelVersion> version(ModelKey key) {
        return Optional.ofNullable(versions.get(key));
    }

    public Optional<String> alias(String model, String alias) {
        return Optional.ofNullable(aliases.getOrDefault(model, Map.of()).get(alias));
    }

    public boolean hasModel(String model) {
        return versions.keySet().stream().anyMatch(k -> k.name().equals(model));
    }

    public RegistrySnapshot readAgainAt(Instant at) {
        return new RegistrySnapshot(endpoints, versions, aliases, at);
    }
}
