package io.modelfn.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DjlOnnxEngineTest {

    private final DjlOnnxEngine engine = new DjlOnnxEngine(OnnxSessionSettings.defaults());
    private static final ModelKey KEY = new ModelKey("fixture", "1.0.0");

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = DjlOnnxEngineTest.class.getResourceAsStream("/onnx/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"external-data.onnx", "external-attribute.onnx", "sequence-output.onnx"})
    void load_should_refuse_models_we_cannot_serve_safely_before_creating_a_session(String fixture) throws IOException {
        Path file = write(fixture(fixture));

        assertThatThrownBy(() -> engine.load(KEY, file))
                .isInstanceOf(InvalidModelArtifactException.class)
                .hasMessageStartingWith("fixture/1.0.0");
    }

    @Test
    void load_should_refuse_bytes_that_are_not_onnx() throws IOException {
        Path file = write("this is not a model".getBytes());

        assertThatThrownBy(() -> engine.load(KEY, file)).isInstanceOf(InvalidModelArtifactException.class);
    }

    @Test
    void load_should_report_a_model_onnx_runtime_rejects_as_a_load_failure() throws IOException {
        // Well-formed protobuf with an operator that does not exist: only ONNX Runtime can tell.
        byte[] bytes = fixture("tiny-matmul.onnx");
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("MatMul", "MatMuX");
        Path file = write(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> engine.load(KEY, file))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot create a session");
    }

    @Test
    void infer_should_return_only_the_outputs_asked_for() {
        ModelKey iris = ModelKey.parse("iris/1.1.0");
        try (LoadedModel model = engine.load(iris, SampleModels.modelFile(iris))) {
            Tensor input = Tensor.ofFloats("input", new long[] {1, 4}, new float[] {5.1f, 3.5f, 1.4f, 0.2f});

            Map<String, Tensor> out = model.infer(Map.of("input", input), Set.of("label"));

            assertThat(out).containsOnlyKeys("label");
            assertThat(out.get("label").longs()).containsExactly(0L);
        }
    }

    @Test
    void infer_should_answer_concurrent_callers_on_one_session() throws Exception {
        ModelKey digits = ModelKey.parse("digits/1.0.0");
        var reference = SampleModels.reference(digits).cases().get(0);
        try (LoadedModel model = engine.load(digits, SampleModels.modelFile(digits));
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Map<String, Tensor>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> model.infer(reference.inputs(), List.of())));
            }
            for (Future<Map<String, Tensor>> answer : answers) {
                assertThat(answer.get().get("label")).isEqualTo(reference.outputs().get("label"));
            }
        }
    }
}
