package io.modelfn.core.testkit;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for registry snapshots in tests. */
public final class Registries {

    private Registries() {
    }

    public static ModelVersion version(String key, Signature signature, String uri, String sha256, long size) {
        return new ModelVersion(ModelKey.parse(key), ArtifactLocation.of(uri), sha256, size, signature,
                LifecycleState.VALIDATED, ModelCard.Task.CLASSIFICATION, List.of(), List.of(), Instant.EPOCH);
    }

    /** A version of a sample model in models/, read from its card, at {@code local:<name>/<version>/model.onnx}. */
    public static ModelVersion sample(String key) {
        ModelKey k = ModelKey.parse(key);
        ModelCard card = SampleModels.card(k);
        return new ModelVersion(k, ArtifactLocation.of("local:" + k.name() + "/" + k.version() + "/model.onnx"),
                card.artifact().sha256(), card.artifact().sizeBytes(), card.signature(), LifecycleState.VALIDATED,
                card.task(), card.labels(), card.features(), Instant.EPOCH);
    }

    public static EndpointConfig endpoint(String name, Variant... variants) {
        return new EndpointConfig(name, List.of(variants), null, name, null, 1, Instant.EPOCH);
    }

    public static Variant variant(String name, String key, int weight) {
        return new Variant(name, ModelKey.parse(key), weight);
    }

    /** A snapshot with the given versions and endpoints. */
    public static RegistrySnapshot snapshot(List<ModelVersion> versions, List<EndpointConfig> endpoints) {
        Map<ModelKey, ModelVersion> byKey = new LinkedHashMap<>();
        versions.forEach(v -> byKey.put(v.key(), v));
        Map<String, EndpointConfig> byName = new LinkedHashMap<>();
        endpoints.forEach(e -> byName.put(e.name(), e));
        return new RegistrySnapshot(byName, byKey, new HashMap<>(), Instant.EPOCH);
    }

    /** Every sample model in models/, each with an endpoint of its name on its highest version. */
    public static RegistrySnapshot samples() {
        Map<ModelKey, ModelVersion> versions = new LinkedHashMap<>();
        Map<String, ModelKey> highest = new LinkedHashMap<>();
        for (ModelKey key : SampleModels.versions()) {
            versions.put(key, sample(key.toString()));
            highest.merge(key.name(), key, (a, b) -> io.modelfn.core.model.SemanticVersion.parse(a.version())
                    .compareTo(io.modelfn.core.model.SemanticVersion.parse(b.version())) >= 0 ? a : b);
        }
        Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
        Map<String, Map<String, String>> aliases = new HashMap<>();
        highest.forEach((name, key) -> {
            endpoints.put(name, endpoint(name, new Variant(Variant.STABLE, key, Variant.TOTAL_WEIGHT)));
            aliases.put(name, Map.of("production", key.version()));
        });
        return new RegistrySnapshot(endpoints, versions, aliases, Instant.EPOCH);
    }
}
