package io.modelfn.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxModelInspectorTest {

    static List<ModelKey> versions() {
        return SampleModels.versions();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = OnnxModelInspectorTest.class.getResourceAsStream("/onnx/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void inspect_should_read_the_signature_each_sample_card_declares(ModelKey key) throws IOException {
        OnnxModelInfo info = OnnxModelInspector.inspect(SampleModels.modelFile(key));

        assertThat(info.signature()).isEqualTo(SampleModels.card(key).signature());
        assertThat(info.irVersion()).isEqualTo(8);
        assertThat(info.opsets()).containsKey("");
        assertThat(info.externalDataTensors()).isEmpty();
        assertThat(info.unsupportedTensors()).isEmpty();
    }

    @Test
    void inspect_should_leave_initializers_out_of_the_inputs() throws IOException {
        OnnxModelInfo info = OnnxModelInspector.inspect(fixture("tiny-matmul.onnx"));

        assertThat(info.signature().inputs()).containsExactly(new TensorSpec("input", DataType.FP32, new long[] {-1, 4}));
        assertThat(info.nodeCount()).isEqualTo(1);
    }

    @Test
    void inspect_should_read_the_operators_and_say_when_rows_depend_on_the_batch() throws IOException {
        // GIVEN the float wide-mlp and its dynamic INT8 quantisation (scale taken from the whole batch)
        OnnxModelInfo floatModel = OnnxModelInspector.inspect(SampleModels.modelFile(ModelKey.parse("wide-mlp/1.0.0")));
        OnnxModelInfo int8Model = OnnxModelInspector.inspect(SampleModels.modelFile(ModelKey.parse("wide-mlp/1.1.0")));

        // THEN
        assertThat(floatModel.opTypes()).contains("MatMul").doesNotContain("DynamicQuantizeLinear");
        assertThat(floatModel.rowsIndependent()).isTrue();
        assertThat(int8Model.opTypes()).contains("DynamicQuantizeLinear");
        assertThat(int8Model.rowsIndependent()).isFalse();
        assertThat(OnnxModelInspector.inspect(fixture("tiny-matmul.onnx")).opTypes()).containsExactly("MatMul");
    }

    @ParameterizedTest
    @ValueSource(strings = {"external-data.onnx", "external-attribute.onnx"})
    void inspect_should_find_tensors_whose_data_lives_outside_the_file(String fixture) throws IOException {
        OnnxModelInfo info = OnnxModelInspector.inspect(fixture(fixture));

        assertThat(info.externalDataTensors()).hasSize(1);
    }

    @Test
    void inspect_should_flag_outputs_that_are_not_plain_tensors() throws IOException {
        OnnxModelInfo info = OnnxModelInspector.inspect(fixture("sequence-output.onnx"));

        assertThat(info.unsupportedTensors()).containsExactly("output (not a tensor)");
    }

    @Test
    void inspect_should_refuse_every_truncation_of_a_model() throws IOException {
        byte[] model = Files.readAllBytes(SampleModels.modelFile(ModelKey.parse("iris/1.1.0")));

        for (int length = 0; length < model.length; length++) {
            byte[] truncated = Arrays.copyOf(model, length);
            assertThatThrownBy(() -> OnnxModelInspector.inspect(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(InvalidModelArtifactException.class);
        }
    }

    @Test
    void inspect_should_refuse_random_bytes_without_other_exceptions() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            byte[] noise = new byte[random.nextInt(2048)];
            random.nextBytes(noise);
            try {
                OnnxModelInspector.inspect(noise);
            } catch (InvalidModelArtifactException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void inspect_should_refuse_text_that_is_not_protobuf() {
        assertThatThrownBy(() -> OnnxModelInspector.inspect("{\"not\":\"onnx\"}".getBytes()))
                .isInstanceOf(InvalidModelArtifactException.class)
                .hasMessageStartingWith("not a valid ONNX model");
    }
}
