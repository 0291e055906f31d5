package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowRunnerTest {

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final FakeEngine engine = new FakeEngine();
    private final List<Double> disagreements = new CopyOnWriteArrayList<>();
    private ModelCache cache;
    private ShadowRunner runner;

    private final Metrics metrics = new Metrics() {
        @Override
        public void record(io.modelfn.core.metrics.RequestMetrics request) {
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
            disagreements.add(value);
        }
    };

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    private ShadowRunner runner(int queue) {
        cache = new ModelCache(store, engine, new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 1),
                CacheListener.NONE);
        runner = new ShadowRunner(cache, metrics, 1, queue);
        return runner;
    }

    private static Map<String, Tensor> input() {
        return Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {1, 2, 3, 4}));
    }

    private static Map<String, Tensor> sum(float value) {
        return Map.of("sum", Tensor.ofFloats("sum", new long[] {1, 1}, new float[] {value}));
    }

    @Test
    void disagree_should_compare_labels_when_both_answers_have_them() {
        Map<String, Tensor> a = Map.of("label", Tensor.ofLongs("label", new long[] {2}, new long[] {0, 1}));
        Map<String, Tensor> b = Map.of("label", Tensor.ofLongs("label", new long[] {2}, new long[] {0, 2}));

        assertThat(ShadowRunner.disagree(a, a)).isFalse();
        assertThat(ShadowRunner.disagree(a, b)).isTrue();
    }

    @Test
    void disagree_should_allow_small_floating_point_differences() {
        assertThat(ShadowRunner.disagree(sum(10f), sum(10.00001f))).isFalse();
        assertThat(ShadowRunner.disagree(sum(10f), sum(10.5f))).isTrue();
    }

    @Test
    void submit_should_record_agreement_of_a_working_shadow() throws Exception {
        ModelVersion shadow = stored("shadow/1.0.0", "weights");
        ShadowRunner r = runner(8);

        r.submit("iris", shadow, input(), sum(10f));
        waitFor(() -> disagreements.size() == 1);

        assertThat(disagreements).containsExactly(0.0);
    }

    @Test
    void failing_shadow_should_only_count_a_failure() throws Exception {
        ModelVersion missing = Registries.version("shadow/2.0.0", FakeEngine.SIGNATURE, "mem:nothing-here", "0".repeat(64), 1);
        ShadowRunner r = runner(8);

        r.submit("iris", missing, input(), sum(10f));
        waitFor(() -> r.failed() == 1);

        assertThat(disagreements).isEmpty();
    }

    @Test
    void submit_should_return_at_once_and_drop_copies_when_the_queue_is_full() throws Exception {
        ModelVersion slow = stored("slow/1.0.0", "weights");
        store.hold();
        ShadowRunner r = runner(1);

        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            r.submit("iris", slow, input(), sum(10f));
        }
        long micros = (System.nanoTime() - start) / 1000;
        store.release();
        // Let the copies that were not dropped finish before the temporary folder goes away.
        waitFor(() -> disagreements.size() + r.failed() + r.dropped() == 20);

        assertThat(micros).as("callers never wait for shadows").isLessThan(200_000);
        assertThat(r.dropped()).isGreaterThanOrEqualTo(18);
    }

    private ModelVersion stored(String key, String content) throws Exception {
        byte[] bytes = content.getBytes();
        store.put("mem:" + key, bytes);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        return Registries.version(key, FakeEngine.SIGNATURE, "mem:" + key, sha, bytes.length);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            never.await(50, TimeUnit.MILLISECONDS);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
