package io.modelfn.registry.dynamodb;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The registry items the serving path needs, as stored: every endpoint, version and alias item of
 * {@value RegistryTableSchema#KIND_INDEX}. Read from the table by {@link DynamoDbRegistryReader}, and
 * written whole into the registry's snapshot object, so both map to a {@link RegistrySnapshot} by the
 * same rules.
 *
 * <p>Immutable.
 */
public record RegistryItemSet(
        List<Map<String, AttributeValue>> endpoints,
        List<Map<String, AttributeValue>> versions,
        List<Map<String, AttributeValue>> aliases) {

    public RegistryItemSet {
        endpoints = List.copyOf(endpoints);
        versions = List.copyOf(versions);
        aliases = List.copyOf(aliases);
    }

    /**
     * The snapshot these items make: every endpoint and alias, and the versions that may be served or
     * that an endpoint names (so the serving path can say why it refuses an archived one).
     *
     * @param skip told of each item that cannot be mapped; the item is left out
     */
    public RegistrySnapshot toSnapshot(Instant readAt, Consumer<MalformedRegistryItemException> skip) {
        Map<String, EndpointConfig> byName = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : endpoints) {
            try {
                EndpointConfig endpoint = RegistryItems.endpoint(item);
                byName.put(endpoint.name(), endpoint);
            } catch (MalformedRegistryItemException e) {
                skip.accept(e);
            }
        }
        Set<ModelKey> referenced = referencedVersions(byName);
        Map<ModelKey, ModelVersion> byKey = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : versions) {
            try {
                ModelVersion version = RegistryItems.version(item);
                if (version.state().canTakeTraffic() || referenced.contains(version.key())) {
                    byKey.put(version.key(), version);
                }
            } catch (MalformedRegistryItemException e) {
                skip.accept(e);
            }
        }
        Map<String, Map<String, String>> byModel = new HashMap<>();
        for (Map<String, AttributeValue> item : aliases) {
            try {
                ModelAlias alias = RegistryItems.alias(item);
                byModel.computeIfAbsent(alias.model(), model -> new HashMap<>()).put(alias.alias(), alias.version());
            } catch (MalformedRegistryItemException e) {
                skip.accept(e);
            }
        }
        Map<String, Map<String, String>> frozen = new HashMap<>();
        byModel.forEach((model, byAlias) -> frozen.put(model, Map.copyOf(byAlias)));
        return new RegistrySnapshot(byName, byKey, frozen, readAt);
    }

    private static Set<ModelKey> referencedVersions(Map<String, EndpointConfig> endpoints) {
        Set<ModelKey> keys = new HashSet<>();
        for (EndpointConfig endpoint : endpoints.values()) {
            endpoint.variants().stream().map(Variant::model).forEach(keys::add);
            endpoint.shadowConfig().map(ShadowConfig::model).ifPresent(keys::add);
        }
        return keys;
    }
}
