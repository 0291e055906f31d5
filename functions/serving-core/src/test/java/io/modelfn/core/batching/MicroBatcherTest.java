package io.modelfn.core.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.inference.InferenceException;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private static final Signature BATCHED = new Signature(
            List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 2})),
            List.of(new TensorSpec("sum", DataType.FP32, new long[] {-1}),
                    new TensorSpec("label", DataType.INT64, new long[] {-1})));

    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Sums each row (output sum) and says whether the sum is positive (output label); records the rows of
     * every call; refuses a NaN; the first call can be held until released.
     */
    static final class RowModel implements LoadedModel {
        final Signature signature;
        final List<Long> callRows = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        volatile CountDownLatch hold;
        volatile boolean aggregate;
        /** How long every call takes, on top of its work. */
        volatile Duration callTime = Duration.ZERO;
        volatile boolean rowsIndependent = true;

        RowModel(Signature signature) {
            this.signature = signature;
        }

        @Override
        public ModelKey key() {
            return ModelKey.parse("rows/1.0.0");
        }

        @Override
        public Signature signature() {
            return signature;
        }

        @Override
        public long memoryBytes() {
            return 1;
        }

        @Override
        public boolean rowsIndependent() {
            return rowsIndependent;
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
            Tensor x = inputs.get("x");
            int rows = (int) x.dimension(0);
            callRows.add((long) rows);
            firstCallStarted.countDown();
            if (!callTime.isZero()) {
                try {
                    Thread.sleep(callTime);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            CountDownLatch h = hold;
            if (h != null) {
                hold = null;
                try {
                    h.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int width = (int) x.dimension(1);
            float[] sums = new float[aggregate ? 1 : rows];
            long[] labels = new long[aggregate ? 1 : rows];
            for (int r = 0; r < rows; r++) {
                float sum = 0;
                for (int c = 0; c < width; c++) {
                    float v = x.floats()[r * width + c];
                    if (Float.isNaN(v)) {
                        throw new InferenceException("NaN in row " + r, null);
                    }
                    sum += v;
                }
                sums[aggregate ? 0 : r] += sum;
                labels[aggregate ? 0 : r] = sum > 0 ? 1 : 0;
            }
            Map<String, Tensor> all = new LinkedHashMap<>();
            all.put("sum", Tensor.ofFloats("sum", new long[] {sums.length}, sums));
            all.put("label", Tensor.ofLongs("label", new long[] {labels.length}, labels));
            if (outputs.isEmpty()) {
                return all;
            }
            Map<String, Tensor> wanted = new LinkedHashMap<>();
            outputs.forEach(name -> wanted.put(name, all.get(name)));
            return wanted;
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, Tensor> rows(float... values) {
        return Map.of("x", Tensor.ofFloats("x", new long[] {values.length / 2, 2}, values));
    }

    /** Holds the first call, queues {@code requests} behind it, then lets everything run. */
    private List<Future<Map<String, Tensor>>> queuedBehindAHeldCall(MicroBatcher batcher, RowModel model,
            List<Map<String, Tensor>> requests, List<List<String>> outputs) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        model.hold = release;
        Future<Map<String, Tensor>> first = pool.submit(() -> batcher.infer(model, rows(0, 0), List.of()));
        assertThat(model.firstCallStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<Map<String, Tensor>>> futures = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Map<String, Tensor> request = requests.get(i);
            List<String> wanted = outputs.get(i);
            futures.add(pool.submit(() -> batcher.infer(model, request, wanted)));
        }
        Thread.sleep(200); // every request is queued behind the held call
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        return futures;
    }

    @Test
    void requests_queued_behind_a_running_call_should_share_the_next_call_and_get_their_own_rows() throws Exception {
        // GIVEN a model busy with one call, and 10 requests of 1 to 3 rows arriving meanwhile
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));
        List<Map<String, Tensor>> requests = new ArrayList<>();
        List<List<String>> outputs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float[] values = new float[2 * (1 + i % 3)];
            for (int v = 0; v < values.length; v++) {
                values[v] = i * 10 + v - 5;
            }
            requests.add(rows(values));
            outputs.add(i % 2 == 0 ? List.of() : List.of("label"));
        }

        // WHEN the call finishes
        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model, requests, outputs);

        // THEN the 10 ran in one call, and each answer equals the model's answer to that request alone
        RowModel alone = new RowModel(BATCHED);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(alone.infer(requests.get(i), outputs.get(i)));
        }
        assertThat(model.callRows).hasSize(2);
        assertThat(model.callRows.get(1)).isEqualTo(19L); // 1+2+3+1+2+3+1+2+3+1 rows
        assertThat(batcher.batches()).isEqualTo(1);
        assertThat(batcher.batchedRequests()).isEqualTo(10);
    }

    @Test
    void a_batch_should_stop_at_the_row_limit_and_the_rest_follow_in_the_next_call() throws Exception {
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(4, Duration.ZERO));
        List<Map<String, Tensor>> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(rows(i, i));
        }

        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model, requests,
                java.util.Collections.nCopies(6, List.of()));

        for (int i = 0; i < 6; i++) {
            assertThat(answers.get(i).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(2f * i);
        }
        assertThat(model.callRows.subList(1, model.callRows.size())).containsExactly(4L, 2L);
    }

    @Test
    void a_request_that_breaks_the_batch_should_fail_alone() throws Exception {
        // GIVEN three queued requests, the second with a NaN the model refuses
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));
        List<Map<String, Tensor>> requests = List.of(rows(1, 2), rows(Float.NaN, 1), rows(3, 4));

        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model, requests,
                java.util.Collections.nCopies(3, List.of()));

        // THEN the batch failed, was run one by one, and only the NaN request fails
        assertThat(answers.get(0).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(3f);
        assertThatThrownBy(() -> answers.get(1).get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InferenceException.class);
        assertThat(answers.get(2).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(7f);
    }

    @Test
    void requests_of_other_shapes_should_not_share_a_batch() throws Exception {
        RowModel model = new RowModel(new Signature(
                List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, -1})), BATCHED.outputs()));
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));
        List<Map<String, Tensor>> requests = List.of(rows(1, 2), Map.of("x", Tensor.ofFloats("x", new long[] {1, 3},
                new float[] {1, 2, 3})), rows(3, 4));

        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model, requests,
                java.util.Collections.nCopies(3, List.of()));

        assertThat(answers.get(0).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(3f);
        assertThat(answers.get(1).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(6f);
        assertThat(answers.get(2).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(7f);
        // the two [n, 2] requests ran together, the [1, 3] one alone
        assertThat(model.callRows.subList(1, model.callRows.size())).containsExactlyInAnyOrder(2L, 1L);
    }

    @Test
    void outputs_that_cannot_be_split_by_rows_should_make_each_request_run_alone() throws Exception {
        RowModel model = new RowModel(BATCHED);
        model.aggregate = true; // one row of output for the whole call
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));

        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model,
                List.of(rows(1, 1), rows(2, 2)), java.util.Collections.nCopies(2, List.of()));

        assertThat(answers.get(0).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(2f);
        assertThat(answers.get(1).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(4f);
        assertThat(batcher.batches()).isZero();
    }

    @Test
    void a_model_without_a_batch_axis_should_be_called_directly() {
        RowModel model = new RowModel(new Signature(List.of(new TensorSpec("x", DataType.FP32, new long[] {1, 2})),
                List.of(new TensorSpec("sum", DataType.FP32, new long[] {1}))));
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ofSeconds(10)));

        long start = System.nanoTime();
        assertThat(batcher.infer(model, rows(1, 2), List.of()).get("sum").floats()).containsExactly(3f);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void a_leader_should_wait_up_to_the_delay_for_company() throws Exception {
        // GIVEN a 300 ms delay and two requests 50 ms apart
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ofMillis(300)));

        Future<Map<String, Tensor>> a = pool.submit(() -> batcher.infer(model, rows(1, 1), List.of()));
        Thread.sleep(50);
        Future<Map<String, Tensor>> b = pool.submit(() -> batcher.infer(model, rows(2, 2), List.of()));

        // THEN one call answered both
        assertThat(a.get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(2f);
        assertThat(b.get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(4f);
        assertThat(model.callRows).containsExactly(2L);
    }

    @Test
    void a_version_whose_calls_are_cheaper_than_the_minimum_should_run_every_request_alone() throws Exception {
        // GIVEN a model whose calls take far less than the minimum call time worth batching
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO, Duration.ofSeconds(1)));

        // WHEN its first calls were timed, and then requests queue behind a held call
        for (int i = 0; i < MicroBatcher.PROBES; i++) {
            assertThat(batcher.joinsRequestsFor(model.key()).isPresent()).isFalse();
            assertThat(batcher.infer(model, rows(i, 1), List.of()).get("sum").floats()).containsExactly(i + 1f);
        }
        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model,
                List.of(rows(1, 1), rows(2, 2), rows(3, 3)), List.of(List.of(), List.of(), List.of()));

        // THEN it is known not to pay, and no two requests ever shared a call
        for (Future<Map<String, Tensor>> answer : answers) {
            answer.get(5, TimeUnit.SECONDS);
        }
        assertThat(batcher.joinsRequestsFor(model.key())).contains(false);
        assertThat(model.callRows).allMatch(rows -> rows == 1L);
        assertThat(batcher.batches()).isZero();
    }

    @Test
    void a_version_whose_calls_take_at_least_the_minimum_should_be_batched_after_its_probes() throws Exception {
        // GIVEN a model whose calls take 2 ms, and a minimum call time worth batching of 1 ms
        RowModel model = new RowModel(BATCHED);
        model.callTime = Duration.ofMillis(2);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO, Duration.ofMillis(1)));

        // WHEN its first calls were timed alone, and then requests queue behind a held call
        for (int i = 0; i < MicroBatcher.PROBES; i++) {
            batcher.infer(model, rows(i, 1), List.of());
        }
        assertThat(model.callRows).hasSize(MicroBatcher.PROBES).allMatch(rows -> rows == 1L);
        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model,
                List.of(rows(1, 1), rows(2, 2), rows(3, 3)), List.of(List.of(), List.of(), List.of()));

        // THEN batching is on for it, and the queued requests shared one call with their own answers
        assertThat(answers.get(0).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(2f);
        assertThat(answers.get(1).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(4f);
        assertThat(answers.get(2).get(5, TimeUnit.SECONDS).get("sum").floats()).containsExactly(6f);
        assertThat(batcher.joinsRequestsFor(model.key())).contains(true);
        assertThat(batcher.batches()).isPositive();
    }

    @Test
    void a_version_whose_first_calls_were_slow_should_stop_being_batched_once_later_probes_are_fast() {
        // GIVEN a model whose first calls are slow (a cold start), so that batching it looks worth it
        RowModel model = new RowModel(BATCHED);
        model.callTime = Duration.ofMillis(2);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO, Duration.ofMillis(1)));
        for (int i = 0; i < MicroBatcher.PROBES; i++) {
            batcher.infer(model, rows(i, 1), List.of());
        }
        assertThat(batcher.joinsRequestsFor(model.key())).contains(true);

        // WHEN its calls become fast, and requests go on until the next probe
        model.callTime = Duration.ZERO;
        for (int i = MicroBatcher.PROBES; i <= MicroBatcher.PROBE_EVERY; i++) {
            batcher.infer(model, rows(i, 1), List.of());
        }

        // THEN that probe decides again: no longer worth joining
        assertThat(batcher.joinsRequestsFor(model.key())).contains(false);
    }

    @Test
    void a_model_whose_rows_depend_on_the_batch_should_run_every_request_alone() throws Exception {
        // GIVEN a model that computes over the whole batch (e.g. dynamic quantisation), every version batched
        RowModel model = new RowModel(BATCHED);
        model.rowsIndependent = false;
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));

        // WHEN requests queue behind a held call
        List<Future<Map<String, Tensor>>> answers = queuedBehindAHeldCall(batcher, model,
                List.of(rows(1, 1), rows(2, 2), rows(3, 3)), List.of(List.of(), List.of(), List.of()));

        // THEN none of them shared a call
        for (Future<Map<String, Tensor>> answer : answers) {
            answer.get(5, TimeUnit.SECONDS);
        }
        assertThat(model.callRows).allMatch(rows -> rows == 1L);
        assertThat(batcher.batches()).isZero();
    }

    @Test
    void callers_that_keep_sending_should_never_wait_forever_for_their_turn_to_lead() throws Exception {
        // GIVEN 16 callers each sending requests back to back, with no added delay: promotions to lead
        // the next batch then often happen before the promoted caller has started to wait
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(64, Duration.ZERO));
        List<Future<Long>> callers = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            float base = c * 100_000f;
            callers.add(pool.submit(() -> {
                long answered = 0;
                for (int i = 0; i < 3_000; i++) {
                    float v = base + i;
                    if (batcher.infer(model, rows(v, 1), List.of("sum")).get("sum").floats()[0] == v + 1) {
                        answered++;
                    }
                }
                return answered;
            }));
        }

        // WHEN they have all finished, THEN every request got its own answer, none waited forever
        for (Future<Long> caller : callers) {
            assertThat(caller.get(60, TimeUnit.SECONDS)).isEqualTo(3_000L);
        }
        assertThat(batcher.batches()).isPositive();
    }

    @Test
    void many_concurrent_callers_should_each_get_their_own_answer() throws Exception {
        RowModel model = new RowModel(BATCHED);
        MicroBatcher batcher = new MicroBatcher(new MicroBatcher.Settings(16, Duration.ofMillis(1)));
        List<Future<Map<String, Tensor>>> answers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            float v = i;
            answers.add(pool.submit(() -> batcher.infer(model, rows(v, 1), List.of("sum"))));
        }

        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS).get("sum").floats()).containsExactly(i + 1f);
        }
        assertThat(model.callRows.stream().mapToLong(Long::longValue).sum()).isEqualTo(2000);
        assertThat(model.callRows.size()).isLessThan(2000);
    }
}
