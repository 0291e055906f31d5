package io.modelfn.api.reliability;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.CountingInferenceEngine;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken artifacts are refused before ONNX Runtime creates a session, the version is marked FAILED in
 * the registry with the reason ({@code modelfn.serving.mark-failed-artifacts}, on in tests and in the
 * local runner), and every other version keeps serving.
 *
 * <p>"Before a session": a digest or size mismatch is refused by the model cache before the engine is
 * called at all (0 engine loads); a truncated or malformed file and a model with external data are
 * refused by the engine's inspection of the bytes ({@code OnnxModelInspector}), which runs before
 * the session is created in {@code OnnxRuntimeEngine.load}: the reasons below are those of the
 * inspection, not of ONNX Runtime.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ArtifactIntegrityIT {

    @Inject
    CountingInferenceEngine engine;

    static Stream<Arguments> brokenArtifacts() throws IOException {
        byte[] iris = BrokenArtifacts.sample("iris/1.0.0");
        byte[] tampered = iris.clone();
        tampered[tampered.length / 2] ^= 0x01;
        byte[] digits = BrokenArtifacts.sample("digits/1.0.0");
        byte[] truncated = Arrays.copyOf(digits, digits.length / 2);
        byte[] garbage = new byte[4096];
        new Random(10).nextBytes(garbage);
        byte[] externalData;
        byte[] externalAttribute;
        try (InputStream a = ArtifactIntegrityIT.class.getResourceAsStream("/onnx/external-data.onnx");
                InputStream b = ArtifactIntegrityIT.class.getResourceAsStream("/onnx/external-attribute.onnx")) {
            externalData = a.readAllBytes();
            externalAttribute = b.readAllBytes();
        }
        return Stream.of(
                // name, bytes stored, sha256 and size registered, engine loads expected, reason fragment
                Arguments.of("broken-tampered", tampered, BrokenArtifacts.sha256(iris), iris.length, 0,
                        "does not match the registered"),
                Arguments.of("broken-truncated", truncated, BrokenArtifacts.sha256(digits), digits.length, 0,
                        "does not match the registered"),
                Arguments.of("broken-truncated-rehashed", truncated, BrokenArtifacts.sha256(truncated),
                        truncated.length, 1, "not a valid ONNX model"),
                Arguments.of("broken-not-onnx", garbage, BrokenArtifacts.sha256(garbage), garbage.length, 1,
                        "not a valid ONNX model"),
                Arguments.of("broken-external-data", externalData, BrokenArtifacts.sha256(externalData),
                        externalData.length, 1, "external data"),
                Arguments.of("broken-external-attribute", externalAttribute, BrokenArtifacts.sha256(externalAttribute),
                        externalAttribute.length, 1, "external data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenArtifacts")
    void infer_should_refuse_a_broken_artifact_mark_the_version_failed_and_keep_serving_others(String name,
            byte[] stored, String sha256, long size, int engineLoads, String reason) {
        // GIVEN a version registered on a broken artifact, and iris answering
        ModelKey key = new ModelKey(name, "1.0.0");
        BrokenArtifacts.store(key, stored);
        BrokenArtifacts.register(key, "local:" + name + "/1.0.0/model.onnx", sha256, size);
        assertThat(BrokenArtifacts.inferIris().statusCode()).isEqualTo(200);

        // WHEN it is asked
        var response = BrokenArtifacts.inferPinned(key);

        // THEN 503 without internal details; the engine never created a session for it
        assertJsonError(response, 503, "model not available");
        assertThat(engine.loads(key)).as("engine loads of %s", key).isEqualTo(engineLoads);

        // AND the version is marked FAILED with the refusal as its reason, by the serving path
        Eventually.await(key + " marked FAILED", Duration.ofSeconds(10),
                () -> BrokenArtifacts.record(key).version().state() == LifecycleState.FAILED);
        VersionRecord record = BrokenArtifacts.record(key);
        assertThat(record.stateReason()).contains(reason);
        var audit = new DynamoDbModelRegistry(RegistryTestResource.client(), RegistryTestResource.TABLE, Clock.systemUTC())
                .audit(AuditEvent.modelSubject(name), 1);
        assertThat(audit.get(0).actor()).isEqualTo("modelfn-serving");
        assertThat(audit.get(0).action()).isEqualTo(AuditEvent.TRANSITION);

        // AND once the snapshot has it, the version no longer takes traffic (a FAILED version is not served)
        Eventually.await(key + " refused as FAILED", Duration.ofSeconds(10),
                () -> BrokenArtifacts.inferPinned(key).statusCode() == 404);
        assertJsonError(BrokenArtifacts.inferPinned(key), 404);

        // AND other versions kept serving throughout
        assertThat(BrokenArtifacts.inferIris().statusCode()).isEqualTo(200);
    }
}
