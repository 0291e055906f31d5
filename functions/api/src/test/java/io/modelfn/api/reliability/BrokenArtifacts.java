package io.modelfn.api.reliability;

import static io.restassured.RestAssured.given;

import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/** Puts artifacts into the application's model folder and registers versions on them, for the reliability tests. */
final class BrokenArtifacts {

    static final String IRIS_BODY =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}";

    private BrokenArtifacts() {
    }

    /** Writes {@code bytes} as {@code <name>/<version>/model.onnx} in the model folder the application reads. */
    static void store(ModelKey key, byte[] bytes) {
        Path file = RegistryTestResource.bucket().resolve(key.name()).resolve(key.version()).resolve("model.onnx");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Registers {@code key} (with iris's signature) on {@code uri}, claiming the given digest and size,
     * and waits until the application's snapshot has it.
     */
    static ModelVersion register(ModelKey key, String uri, String sha256, long size) {
        ModelVersion iris = TestRegistry.copyOf("iris/1.0.0", key.toString());
        ModelVersion version = new ModelVersion(key, ArtifactLocation.of(uri), sha256, size, iris.signature(),
                LifecycleState.VALIDATED, iris.task(), iris.labels(), iris.features(), Instant.now());
        TestRegistry.register(version);
        return version;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sample(String key) {
        try {
            return Files.readAllBytes(RegistryTestResource.bucket().resolve(key).resolve("model.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry's admin view, read from the same DynamoDB Local the application uses. */
    static VersionRecord record(ModelKey key) {
        return new DynamoDbModelRegistry(RegistryTestResource.client(), RegistryTestResource.TABLE, Clock.systemUTC())
                .version(key).orElseThrow();
    }

    static Response inferPinned(ModelKey key) {
        return given().contentType("application/json").body(IRIS_BODY)
                .post("/v2/models/" + key.name() + "/versions/" + key.version() + "/infer");
    }

    static Response inferIris() {
        return given().contentType("application/json").body(IRIS_BODY).post("/v2/models/iris/versions/1.1.0/infer");
    }
}
