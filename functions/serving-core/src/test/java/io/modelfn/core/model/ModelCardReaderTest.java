package io.modelfn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelCardReaderTest {

    private final ModelCardReader reader = new ModelCardReader();

    private static final String VALID = """
            {"schemaVersion":1,"name":"iris","version":"1.2.0","description":"d","task":"classification",
             "labels":["a","b"],
             "signature":{"inputs":[{"name":"input","datatype":"FLOAT","shape":[-1,4]}],
                          "outputs":[{"name":"label","datatype":"INT64","shape":[-1]}]},
             "artifact":{"file":"model.onnx","sha256":"%s","sizeBytes":10},
             "training":{"algorithm":"x","parameters":{}},
             "metrics":{"accuracy":0.9,"heldOutSamples":10},
             "lineage":{"dataset":"d","split":{},"script":"s","seed":1}}
            """.formatted("a".repeat(64));

    @Test
    void read_should_parse_signature_with_onnx_dtypes_and_dynamic_dimensions() {
        ModelCard card = reader.read(VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(card.key()).isEqualTo(new ModelKey("iris", "1.2.0"));
        assertThat(card.task()).isEqualTo(ModelCard.Task.CLASSIFICATION);
        assertThat(card.signature().inputs()).containsExactly(new TensorSpec("input", DataType.FP32, new long[] {-1, 4}));
        assertThat(card.signature().output("label")).contains(new TensorSpec("label", DataType.INT64, new long[] {-1}));
        assertThat(card.metrics()).containsEntry("accuracy", 0.9);
    }

    @Test
    void read_should_list_every_problem_when_a_card_is_invalid() {
        String broken = VALID.replace("\"iris\"", "\"Iris Model\"").replace("1.2.0", "v1").replace("FLOAT", "FLOAT128")
                .replace("a".repeat(64), "xyz");

        assertThatThrownBy(() -> reader.read(broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelCardException.class)
                .satisfies(e -> assertThat(((InvalidModelCardException) e).problems()).hasSize(4))
                .hasMessageContaining("name 'Iris Model'")
                .hasMessageContaining("'v1' is not a semantic version")
                .hasMessageContaining("unknown ONNX datatype 'FLOAT128'")
                .hasMessageContaining("sha256");
    }

    @Test
    void read_should_refuse_malformed_json_with_a_clear_problem() {
        assertThatThrownBy(() -> reader.read("{\"name\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelCardException.class)
                .hasMessageContaining("not valid JSON");
    }
}
