package io.modelfn.inference.onnx;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.batching.MicroBatcher;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batched answers equal unbatched ones on the real models: each row of every reference batch is sent
 * as its own request, many at once, through the micro-batcher on ONNX Runtime, and each answer is the
 * answer of that row sent alone, which is also that row of the reference outputs when the model's rows
 * are independent. A model whose rows are not (dynamic INT8 quantisation: the scale comes from the
 * whole batch) is never batched.
 */
class MicroBatchingOnnxTest {

    private static OnnxRuntimeEngine engine;
    private static ExecutorService callers;

    @BeforeAll
    static void start() {
        engine = new OnnxRuntimeEngine(OnnxSessionSettings.defaults()).warmUp();
        callers = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void stop() {
        callers.shutdownNow();
    }

    static List<ModelKey> versions() {
        return SampleModels.versions();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void every_row_sent_alone_but_concurrently_should_get_the_answer_it_gets_alone(ModelKey key) throws Exception {
        // GIVEN the version's reference batch cut into one request per row, repeated to keep the batcher busy
        ReferenceVectors.Case batch = SampleModels.reference(key).cases().stream()
                .max((a, b) -> Long.compare(rows(a.inputs()), rows(b.inputs()))).orElseThrow();
        long rows = rows(batch.inputs());
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ofMillis(2)));

        try (LoadedModel model = engine.load(key, SampleModels.modelFile(key))) {
            // ... and each row's answer when it runs alone, one call after the other
            List<Map<String, Tensor>> alone = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                alone.add(model.infer(row(batch.inputs(), r), List.of()));
                if (model.rowsIndependent()) {
                    assertMatchesReference(alone.get(r), row(batch.outputs(), r), key + " row " + r + " alone");
                }
            }

            // WHEN every row is sent 8 times, all at once
            List<Future<Map<String, Tensor>>> answers = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int r = 0; r < rows; r++) {
                    Map<String, Tensor> request = row(batch.inputs(), r);
                    answers.add(callers.submit(() -> batcher.infer(model, request, List.of())));
                }
            }

            // THEN each answer is the one it gets alone; calls were shared only where rows are independent
            for (int i = 0; i < answers.size(); i++) {
                int r = (int) (i % rows);
                assertMatchesReference(answers.get(i).get(30, TimeUnit.SECONDS), alone.get(r), key + " row " + r);
            }
            if (model.rowsIndependent()) {
                assertThat(batcher.batchedRequests()).as("requests answered from shared calls").isPositive();
            } else {
                assertThat(batcher.batchedRequests()).as("requests answered from shared calls").isZero();
            }
        }
    }

    private static long rows(Map<String, Tensor> tensors) {
        return tensors.values().iterator().next().dimension(0);
    }

    /** Row {@code r} of every tensor, keeping the first axis (length 1). */
    private static Map<String, Tensor> row(Map<String, Tensor> tensors, int r) {
        Map<String, Tensor> row = new LinkedHashMap<>();
        for (Tensor t : tensors.values()) {
            int perRow = (int) (t.size() / t.dimension(0));
            Object data = Array.newInstance(Tensor.arrayClass(t.dataType()).getComponentType(), perRow);
            System.arraycopy(t.data(), r * perRow, data, 0, perRow);
            long[] shape = t.shape();
            shape[0] = 1;
            row.put(t.name(), Tensor.of(t.name(), t.dataType(), shape, data));
        }
        return row;
    }
}
