package io.modelfn.bench;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's {@code models/} folder and its sample requests, as the benchmarks use them: a
 * version is read from its card exactly as the registry seeder would register it, and a registry
 * snapshot is built in memory (no DynamoDB on the measured path, as in production).
 */
public final class SampleRepository {

    private static final ModelCardReader CARDS = new ModelCardReader();

    private final Path root;

    private SampleRepository(Path root) {
        this.root = root;
    }

    /**
     * The repository around the working directory (or {@code -Dmodelfn.repo}): the folder above it
     * that holds {@code models/model-card.schema.json}.
     */
    public static SampleRepository find() {
        String configured = System.getProperty("modelfn.repo");
        if (configured != null) {
            return new SampleRepository(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("models/model-card.schema.json"))) {
                return new SampleRepository(dir);
            }
        }
        throw new IllegalStateException("run from inside the modelfn repository, or pass -Dmodelfn.repo=<path>");
    }

    public Path root() {
        return root;
    }

    public Path models() {
        return root.resolve("models");
    }

    /** {@code samples/requests/oip-infer-<name>-<version>.json}: the first reference case, a batch of 8. */
    public byte[] oipRequest(ModelKey key) {
        return read(root.resolve("samples/requests/oip-infer-" + key.name() + "-" + key.version() + ".json"));
    }

    /** A version of {@code models/}, as registered from its card, at {@code local:<name>/<version>/model.onnx}. */
    public ModelVersion version(ModelKey key) {
        return version(key, models().resolve(key.name()).resolve(key.version()).resolve("model.json"),
                ArtifactLocation.of("local:" + key.name() + "/" + key.version() + "/model.onnx"));
    }

    /** A version from any card file, at the given location. */
    public static ModelVersion version(ModelKey key, Path card, ArtifactLocation location) {
        ModelCard c = CARDS.read(read(card));
        if (!c.key().equals(key)) {
            throw new IllegalArgumentException(card + " describes " + c.key() + ", not " + key);
        }
        return new ModelVersion(key, location, c.artifact().sha256(), c.artifact().sizeBytes(), c.signature(),
                LifecycleState.VALIDATED, c.task(), c.labels(), c.features(), Instant.EPOCH);
    }

    /** A snapshot in which every given version is served by an endpoint of its model's name (weight 100 %). */
    public static RegistrySnapshot snapshot(List<ModelVersion> versions) {
        return snapshot(versions, false);
    }

    /**
     * A snapshot in which every given version is served by an endpoint of its model's name (weight
     * 100 %), whose result cache is on or off.
     */
    public static RegistrySnapshot snapshot(List<ModelVersion> versions, boolean resultCache) {
        Map<ModelKey, ModelVersion> byKey = new LinkedHashMap<>();
        Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        for (ModelVersion v : versions) {
            byKey.put(v.key(), v);
            endpoints.put(v.key().name(), new EndpointConfig(v.key().name(),
                    List.of(new Variant(Variant.STABLE, v.key(), Variant.TOTAL_WEIGHT)), null, null, null, 1, Instant.EPOCH, null,
                    resultCache));
            aliases.put(v.key().name(), Map.of("production", v.key().version()));
        }
        return new RegistrySnapshot(endpoints, byKey, aliases, Instant.now());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
