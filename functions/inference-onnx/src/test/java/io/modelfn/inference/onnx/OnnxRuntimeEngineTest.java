package io.modelfn.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

class OnnxRuntimeEngineTest {

    private final OnnxRuntimeEngine engine = new OnnxRuntimeEngine(OnnxSessionSettings.defaults());
    private static final ModelKey KEY = new ModelKey("fixture", "1.0.0");

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OnnxRuntimeEngineTest.class.getResourceAsStream("/onnx/" + name)) {
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
    void infer_should_carry_every_element_type_in_and_out_value_for_value() throws IOException {
        // GIVEN a model that passes an input of each element type through to an output of its own
        try (LoadedModel model = engine.load(KEY, write(fixture("identity-all-types.onnx")))) {
            long[] shape = {2, 3};
            List<Tensor> inputs = List.of(
                    Tensor.of("in_fp32", DataType.FP32, shape, new float[] {1.5f, -0f, Float.MAX_VALUE, Float.MIN_VALUE, 3e-7f, -2f}),
                    Tensor.of("in_fp64", DataType.FP64, shape, new double[] {1.5, -0.0, Double.MAX_VALUE, 1e-300, Math.PI, -2}),
                    Tensor.of("in_fp16", DataType.FP16, shape, new short[] {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0, (short) 0x8000}),
                    Tensor.of("in_int8", DataType.INT8, shape, new byte[] {-128, -1, 0, 1, 42, 127}),
                    Tensor.of("in_uint8", DataType.UINT8, shape, new byte[] {0, 1, 127, (byte) 128, (byte) 200, (byte) 255}),
                    Tensor.of("in_int32", DataType.INT32, shape, new int[] {Integer.MIN_VALUE, -1, 0, 1, 42, Integer.MAX_VALUE}),
                    Tensor.of("in_int64", DataType.INT64, shape, new long[] {Long.MIN_VALUE, -1, 0, 1, 1L << 40, Long.MAX_VALUE}),
                    Tensor.of("in_bool", DataType.BOOL, shape, new boolean[] {true, false, false, true, true, false}),
                    Tensor.of("in_bytes", DataType.BYTES, shape, new String[] {"", "a", "héllo", "日本", "x y", "z"}));
            Map<String, Tensor> feed = new LinkedHashMap<>();
            inputs.forEach(t -> feed.put(t.name(), t));

            // WHEN all are run at once
            Map<String, Tensor> out = model.infer(feed, Set.of());

            // THEN each comes back as it went in: type, shape and every value
            assertThat(out).hasSize(inputs.size());
            for (Tensor in : inputs) {
                String name = "out_" + in.name().substring("in_".length());
                assertThat(out.get(name)).as(name).isEqualTo(in.renamed(name));
            }
        }
    }

    @Test
    void infer_should_keep_each_concurrent_callers_inputs_apart_in_lent_memory_and_beyond_it() throws Exception {
        // GIVEN the identity model, and callers whose inputs differ in values and size: most fit the memory lent to a
        // call's inputs (64 KiB), some rows do not (50,000 doubles), and the numeric inputs share one lent buffer
        try (LoadedModel model = engine.load(KEY, write(fixture("identity-all-types.onnx")));
                ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<String>> answers = new java.util.ArrayList<>();
            for (int c = 0; c < 120; c++) {
                int caller = c;
                answers.add(pool.submit(() -> {
                    int rows = caller % 10 == 0 ? 50_000 / 3 : 1 + caller % 7;
                    Map<String, Tensor> feed = identityFeed(caller, rows);
                    // WHEN each runs at the same time as the others
                    Map<String, Tensor> out = model.infer(feed, Set.of());
                    // THEN each gets back exactly its own values
                    for (Tensor in : feed.values()) {
                        String name = "out_" + in.name().substring("in_".length());
                        if (!in.renamed(name).equals(out.get(name))) {
                            return "caller " + caller + ": " + name + " differs";
                        }
                    }
                    return "ok";
                }));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo("ok");
            }
        }
    }

    /** An input of every type for the identity model, {@code rows} rows of three, values made from {@code seed}. */
    private static Map<String, Tensor> identityFeed(int seed, int rows) {
        int n = rows * 3;
        long[] shape = {rows, 3};
        float[] fp32 = new float[n];
        double[] fp64 = new double[n];
        int[] int32 = new int[n];
        long[] int64 = new long[n];
        short[] fp16 = new short[n];
        byte[] bytes = new byte[n];
        boolean[] bools = new boolean[n];
        String[] strings = new String[n];
        for (int i = 0; i < n; i++) {
            fp32[i] = seed * 1000f + i + 0.25f;
            fp64[i] = seed * 1e6 + i + 0.5;
            int32[i] = seed * 100_000 + i;
            int64[i] = (long) seed << 32 | i;
            fp16[i] = (short) (0x3C00 + (seed + i) % 512);
            bytes[i] = (byte) (seed + i);
            bools[i] = (seed + i) % 3 == 0;
            strings[i] = seed + ":" + i;
        }
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (Tensor t : List.of(Tensor.of("in_fp32", DataType.FP32, shape, fp32), Tensor.of("in_fp64", DataType.FP64, shape, fp64),
                Tensor.of("in_fp16", DataType.FP16, shape, fp16), Tensor.of("in_int8", DataType.INT8, shape, bytes),
                Tensor.of("in_uint8", DataType.UINT8, shape, bytes.clone()), Tensor.of("in_int32", DataType.INT32, shape, int32),
                Tensor.of("in_int64", DataType.INT64, shape, int64), Tensor.of("in_bool", DataType.BOOL, shape, bools),
                Tensor.of("in_bytes", DataType.BYTES, shape, strings))) {
            feed.put(t.name(), t);
        }
        return feed;
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
