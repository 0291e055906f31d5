package io.modelfn.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every card in models/ is valid and describes the bytes beside it. */
class SampleModelCardsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(SampleModels.root().resolve("model-card.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static List<ModelKey> versions() {
        return SampleModels.versions();
    }

    @Test
    void repository_should_hold_the_sample_models_the_product_is_demonstrated_with() {
        assertThat(versions()).extracting(ModelKey::toString).contains(
                "iris/1.0.0", "iris/1.1.0", "digits/1.0.0", "diabetes/1.0.0", "wide-mlp/1.0.0", "wide-mlp/1.1.0");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void card_should_validate_against_the_schema(ModelKey key) throws IOException {
        JsonNode card = MAPPER.readTree(SampleModels.folder(key).resolve("model.json").toFile());

        Set<ValidationMessage> errors = schema.validate(card);

        assertThat(errors).as("schema errors of %s", key).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void card_should_name_its_folder_and_describe_the_bytes_beside_it(ModelKey key) throws Exception {
        ModelCard card = SampleModels.card(key);
        byte[] model = Files.readAllBytes(SampleModels.modelFile(key));

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));

        assertThat(card.key()).isEqualTo(key);
        assertThat(card.artifact().sha256()).as("sha256 of %s", key).isEqualTo(sha256);
        assertThat(card.artifact().sizeBytes()).as("size of %s", key).isEqualTo(model.length);
    }

    @Test
    void iris_versions_should_differ_in_quality_so_canaries_have_something_to_compare() {
        double v1 = SampleModels.card(ModelKey.parse("iris/1.0.0")).metrics().get("accuracy");
        double v2 = SampleModels.card(ModelKey.parse("iris/1.1.0")).metrics().get("accuracy");

        assertThat(v2 - v1).isGreaterThan(0.1);
    }

    @Test
    void heavy_model_should_carry_at_least_20_mb_of_weights() {
        assertThat(SampleModels.card(ModelKey.parse("wide-mlp/1.0.0")).artifact().sizeBytes())
                .isGreaterThanOrEqualTo(20L * 1024 * 1024);
    }

    @Test
    void quantised_card_should_state_size_latency_and_accuracy_against_its_float_model() {
        ModelCard int8 = SampleModels.card(ModelKey.parse("wide-mlp/1.1.0"));
        ModelCard fp32 = SampleModels.card(ModelKey.parse("wide-mlp/1.0.0"));
        JsonNode q = int8.document().path("quantization");

        assertThat(q.path("source").asText()).isEqualTo("wide-mlp/1.0.0");
        assertThat(q.path("float").path("sizeBytes").asLong()).isEqualTo(fp32.artifact().sizeBytes());
        assertThat(q.path("int8").path("sizeBytes").asLong()).isEqualTo(int8.artifact().sizeBytes());
        assertThat(q.path("accuracyDelta").asDouble())
                .isEqualTo(int8.metrics().get("accuracy") - fp32.metrics().get("accuracy"), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(q.path("int8").path("latencyMsBatch1").asDouble()).isPositive();
        assertThat(q.path("float").path("latencyMsBatch1").asDouble()).isPositive();
    }

    @Test
    void tabular_cards_should_carry_training_distributions_for_drift() {
        for (String key : List.of("iris/1.0.0", "iris/1.1.0", "diabetes/1.0.0")) {
            ModelCard card = SampleModels.card(ModelKey.parse(key));
            long width = card.signature().inputs().get(0).dimension(1);
            assertThat(card.features()).as(key).hasSize((int) width);
            card.features().forEach(f -> assertThat(java.util.Arrays.stream(f.binProportions()).sum())
                    .as("%s %s", key, f.name()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4)));
        }
    }
}
