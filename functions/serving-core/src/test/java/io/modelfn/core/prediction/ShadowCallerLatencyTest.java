package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.FailureStatus;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.Registries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller's latency does not include the shadow: the same requests, in the same run, to an endpoint
 * without a shadow and to one whose every request is copied to a shadow 100 ms slower than the model
 * that answers. Prints the percentiles it measured.
 */
class ShadowCallerLatencyTest {

    static final long SHADOW_MILLIS = 100;
    private static final int REQUESTS = 200;

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final ShadowTestKit.RecordedEvents events = new ShadowTestKit.RecordedEvents();
    private ModelCache cache;
    private InProcessShadowDispatch dispatch;

    @AfterEach
    void close() {
        if (dispatch != null) {
            dispatch.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void caller_latency_should_not_include_a_slow_shadow_when_copies_are_dispatched() throws Exception {
        // GIVEN "plain" (no shadow) and "shadowed" (every request copied to a shadow that takes 100 ms more)
        PredictionService service = service();
        for (int i = 0; i < 50; i++) {
            serve(service, "plain");
            serve(service, "shadowed");
        }

        // WHEN both are called alternately, in one run
        long[] plain = new long[REQUESTS];
        long[] shadowed = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            plain[i] = serve(service, "plain");
            shadowed[i] = serve(service, "shadowed");
        }

        // THEN the shadowed caller never paid the shadow's time (had it waited, every call would take 100 ms
        // or more), and every copy was counted as sent or skipped
        double[] without = {Percentiles.of(plain, 50), Percentiles.of(plain, 99)};
        double[] with = {Percentiles.of(shadowed, 50), Percentiles.of(shadowed, 99)};
        System.out.printf("shadow caller latency (in-process dispatch, shadow +%d ms, n=%d): without shadow "
                + "p50 %.3f ms p99 %.3f ms; with shadow p50 %.3f ms p99 %.3f ms%n", SHADOW_MILLIS, REQUESTS,
                without[0], without[1], with[0], with[1]);
        assertThat(with[0]).as("p50 of the shadowed caller, ms").isLessThan(SHADOW_MILLIS / 2.0);
        assertThat(with[1]).as("p99 of the shadowed caller, ms").isLessThan(SHADOW_MILLIS);
        assertThat(events.count(MetricsContract.SHADOW_REQUESTS) + events.count(MetricsContract.SHADOW_SKIPPED))
                .isEqualTo(REQUESTS + 50);
    }

    private static long serve(PredictionService service, String endpoint) {
        long start = System.nanoTime();
        service.serve(new CallContext("r", start, null), new PredictRequest(endpoint, null, ShadowTestKit.input(),
                List.of(), null, null));
        return System.nanoTime() - start;
    }

    private PredictionService service() throws Exception {
        ModelVersion fast = ShadowTestKit.stored(store, "fast/1.0.0");
        ModelVersion slow = ShadowTestKit.stored(store, "slow/1.0.0");
        Variant stable = new Variant(Variant.STABLE, fast.key(), Variant.TOTAL_WEIGHT);
        EndpointConfig plain = new EndpointConfig("plain", List.of(stable), null, "plain", null, 1, Instant.EPOCH);
        EndpointConfig shadowed = new EndpointConfig("shadowed", List.of(stable),
                new ShadowConfig(slow.key(), Variant.TOTAL_WEIGHT), "shadowed", null, 1, Instant.EPOCH);
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(new InMemoryRegistryReader(
                Registries.snapshot(List.of(fast, slow), List.of(plain, shadowed))), Clock.systemUTC(),
                Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        cache = new ModelCache(store, new SlowEngine(new FakeEngine()), new ModelCache.Settings(dir, 1 << 20,
                Duration.ofSeconds(5), Duration.ZERO, 1), CacheListener.NONE);
        dispatch = new InProcessShadowDispatch(new ShadowComparison(cache, null, events), events, 1, 16);
        return PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()), cache)
                .shadows(dispatch).metrics(events, FailureStatus.SERVER_ERROR, CostModel.NONE).build();
    }

    /** Models named {@code slow} take {@link #SHADOW_MILLIS} longer per call. */
    static final class SlowEngine implements InferenceEngine {
        private final InferenceEngine engine;

        SlowEngine(InferenceEngine engine) {
            this.engine = engine;
        }

        @Override
        public LoadedModel load(ModelKey key, Path modelFile) {
            LoadedModel model = engine.load(key, modelFile);
            if (!key.name().equals("slow")) {
                return model;
            }
            return new LoadedModel() {
                @Override
                public ModelKey key() {
                    return model.key();
                }

                @Override
                public Signature signature() {
                    return model.signature();
                }

                @Override
                public long memoryBytes() {
                    return model.memoryBytes();
                }

                @Override
                public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
                    LockSupport.parkNanos(Duration.ofMillis(SHADOW_MILLIS).toNanos());
                    return model.infer(inputs, outputs);
                }

                @Override
                public void close() {
                    model.close();
                }
            };
        }

        @Override
        public String name() {
            return "slow-" + engine.name();
        }
    }
}
