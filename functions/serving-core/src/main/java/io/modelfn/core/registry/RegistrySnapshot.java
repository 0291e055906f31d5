package io.modelfn.core.registry;

import io.modelfn.core.model.ModelKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the serving path needs from the registry, in memory: endpoints, the versions that may
 * be served, and aliases. Immutable; replaced as a whole on refresh. The names of the models with a
 * version are kept apart, so that a call by a model's name finds it without going through every version.
 *
 * <p>Equal when its four parts are.
 */
public final class RegistrySnapshot {

    private final Map<String, EndpointConfig> endpoints;
    private final Map<ModelKey, ModelVersion> versions;
    private final Map<String, Map<String, String>> aliases;
    private final Instant readAt;
    private final Set<String> models;

    /**
     * @param aliases alias name → version, by model name
     * @param readAt when the registry was read (by the snapshot cache's clock)
     */
    public RegistrySnapshot(Map<String, EndpointConfig> endpoints, Map<ModelKey, ModelVersion> versions,
            Map<String, Map<String, String>> aliases, Instant readAt) {
        this(Map.copyOf(endpoints), Map.copyOf(versions), Map.copyOf(aliases), readAt, null);
    }

    private RegistrySnapshot(Map<String, EndpointConfig> endpoints, Map<ModelKey, ModelVersion> versions,
            Map<String, Map<String, String>> aliases, Instant readAt, Set<String> models) {
        this.endpoints = endpoints;
        this.versions = versions;
        this.aliases = aliases;
        this.readAt = readAt;
        if (models == null) {
            Set<String> names = new HashSet<>();
            versions.keySet().forEach(key -> names.add(key.name()));
            models = Set.copyOf(names);
        }
        this.models = models;
    }

    public static RegistrySnapshot empty(Instant at) {
        return new RegistrySnapshot(Map.of(), Map.of(), Map.of(), at);
    }

    public Map<String, EndpointConfig> endpoints() {
        return endpoints;
    }

    public Map<ModelKey, ModelVersion> versions() {
        return versions;
    }

    /** Alias name → version, by model name. */
    public Map<String, Map<String, String>> aliases() {
        return aliases;
    }

    /** When the registry was read (by the snapshot cache's clock). */
    public Instant readAt() {
        return readAt;
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

    /** Whether any version of a model of this name is registered. */
    public boolean hasModel(String model) {
        return models.contains(model);
    }

    /** The same registry, read again at {@code at} (nothing in it changed). */
    public RegistrySnapshot readAgainAt(Instant at) {
        return new RegistrySnapshot(endpoints, versions, aliases, at, models);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RegistrySnapshot that && endpoints.equals(that.endpoints) && versions.equals(that.versions)
                && aliases.equals(that.aliases) && Objects.equals(readAt, that.readAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoints, versions, aliases, readAt);
    }

    @Override
    public String toString() {
        return "RegistrySnapshot[endpoints=" + endpoints + ", versions=" + versions + ", aliases=" + aliases
                + ", readAt=" + readAt + "]";
    }
}
