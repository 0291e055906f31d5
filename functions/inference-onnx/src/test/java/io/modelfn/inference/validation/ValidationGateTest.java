package io.modelfn.inference.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.admin.ReferenceSuite;
import io.modelfn.core.admin.ValidationGate;
import io.modelfn.core.admin.ValidationReport;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.SampleModels;
import io.modelfn.inference.onnx.OnnxRuntimeEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The validation gate with the real ONNX Runtime engine on the sample models. */
class ValidationGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ValidationGate gate = new ValidationGate(new OnnxRuntimeEngine(OnnxSessionSettings.defaults()));

    @TempDir
    Path dir;

    static List<ModelKey> versions() {
        return SampleModels.versions();
    }

    private static JsonNode cardJson(ModelKey key) throws IOException {
        return JSON.readTree(SampleModels.folder(key).resolve("model.json").toFile());
    }

    private static JsonNode referenceJson(ModelKey key) throws IOException {
        return JSON.readTree(SampleModels.folder(key).resolve("reference.json").toFile());
    }

    private ValidationReport validate(ModelKey key, byte[] artifact, JsonNode card, JsonNode reference, Double budget)
            throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.write(file, artifact);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        ModelCard parsed = new ModelCardReader().read(card);
        return gate.validate(key, file, sha, artifact.length, parsed,
                reference == null ? null : ReferenceSuite.parse(reference), budget);
    }

    private static String check(ValidationReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .map(c -> (c.passed() ? "ok: " : "FAIL: ") + c.detail()).orElse("absent");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void validate_should_pass_every_sample_model_with_its_reference_vectors(ModelKey key) throws Exception {
        ValidationReport report = validate(key, Files.readAllBytes(SampleModels.modelFile(key)), cardJson(key),
                referenceJson(key), 10_000.0);

        assertThat(report.passed()).as(report.failures()).isTrue();
        assertThat(report.checks()).extracting(ValidationReport.Check::name)
                .containsExactly("sha256", "size", "onnx", "signature", "session", "reference", "latency");
    }

    @Test
    void validate_should_fail_a_tampered_artifact_before_onnx_runtime_sees_it() throws Exception {
        ModelKey iris = ModelKey.parse("iris/1.1.0");
        byte[] tampered = Files.readAllBytes(SampleModels.modelFile(iris));
        tampered[tampered.length - 20] ^= 0x10;

        ValidationReport report = validate(iris, tampered, cardJson(iris), referenceJson(iris), null);

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "sha256")).startsWith("FAIL").contains("tampered");
        assertThat(check(report, "session")).isEqualTo("absent");
    }

    @Test
    void validate_should_fail_when_the_card_declares_another_signature() throws Exception {
        ModelKey iris = ModelKey.parse("iris/1.1.0");
        ObjectNode card = (ObjectNode) cardJson(iris);
        ((ArrayNode) card.path("signature").path("inputs").get(0).path("shape")).set(1, 5);

        ValidationReport report = validate(iris, Files.readAllBytes(SampleModels.modelFile(iris)), card, null, null);

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "signature")).startsWith("FAIL");
    }

    @Test
    void validate_should_fail_a_model_with_external_data_without_creating_a_session() throws Exception {
        byte[] model;
        try (InputStream in = getClass().getResourceAsStream("/onnx/external-data.onnx")) {
            model = in.readAllBytes();
        }
        ModelKey key = ModelKey.parse("tiny/1.0.0");
        ObjectNode card = (ObjectNode) cardJson(ModelKey.parse("iris/1.1.0"));
        card.put("name", "tiny");
        card.put("version", "1.0.0");
        ObjectNode artifact = (ObjectNode) card.get("artifact");
        artifact.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model)));
        artifact.put("sizeBytes", model.length);

        ValidationReport report = validate(key, model, card, null, null);

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "onnx")).startsWith("FAIL").contains("external data");
        assertThat(check(report, "session")).isEqualTo("absent");
    }

    @Test
    void validate_should_fail_when_the_reference_outputs_are_not_reproduced() throws Exception {
        ModelKey iris = ModelKey.parse("iris/1.0.0");
        ObjectNode reference = (ObjectNode) referenceJson(iris);
        ArrayNode labels = (ArrayNode) reference.path("cases").get(0).path("outputs").get(1).path("data");
        labels.set(0, (labels.get(0).asInt() + 1) % 3);

        ValidationReport report = validate(iris, Files.readAllBytes(SampleModels.modelFile(iris)), cardJson(iris),
                reference, null);

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "reference")).startsWith("FAIL").contains("output 'label'");
    }

    @Test
    void validate_should_fail_a_model_slower_than_its_latency_budget() throws Exception {
        ModelKey wide = ModelKey.parse("wide-mlp/1.0.0");

        ValidationReport report = validate(wide, Files.readAllBytes(SampleModels.modelFile(wide)), cardJson(wide),
                null, 0.000_001);

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "latency")).startsWith("FAIL").contains("budget");
    }
}
