package io.modelfn.lambda.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.aws.clients.AwsClientFactory;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.FailureStatus;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.prediction.EndpointResolver;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.ProtocolRequest;
import io.modelfn.core.prediction.ShadowComparison;
import io.modelfn.core.prediction.ShadowReceiver;
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
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Shadow copies sent as asynchronous invocations through the real SDK client, to a stand-in for Lambda's
 * Invoke API whose second "invocation" runs the real receiving side ({@link ShadowReceiver}) with a shadow
 * model 300 ms slower than the served one. Proves the caller pays only the hand-off, and that every copy
 * sent is compared (count in = count compared). Prints the percentiles it measured.
 */
class LambdaShadowDispatchIT {

    private static final long SHADOW_MILLIS = 300;
    private static final int REQUESTS = 100;
    private static final int WARM_UP = 20;

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final Counters counters = new Counters();
    private ModelCache cache;
    private InvokeApiStub lambdaApi;
    private LambdaClient client;

    @BeforeAll
    static void credentials() {
        // The SDK signs every call; the stand-in does not check signatures.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (lambdaApi != null) {
            lambdaApi.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void caller_latency_should_include_only_the_hand_off_and_every_copy_sent_should_be_compared() throws Exception {
        // GIVEN "plain" (no shadow) and "shadowed" (every request copied to a shadow 300 ms slower), with copies
        // sent to the function's alias "live" as asynchronous invocations
        Fixture fixture = fixture(1 << 20);
        for (int i = 0; i < WARM_UP; i++) {
            serve(fixture.service, "plain");
            serve(fixture.service, "shadowed");
        }
        // (A cold client's first hand-offs may exceed the 500 ms timeout: those copies are skipped, and counted.)
        waitFor(() -> counters.get(MetricsContract.SHADOW_COMPARED) + counters.get(MetricsContract.SHADOW_FAILED)
                >= lambdaApi.calls().size(), Duration.ofSeconds(SHADOW_MILLIS * WARM_UP / 1000 + 30));
        counters.clear();
        lambdaApi.forgetCalls();

        // WHEN both are called alternately, in one run
        long[] plain = new long[REQUESTS];
        long[] shadowed = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            plain[i] = serve(fixture.service, "plain");
            shadowed[i] = serve(fixture.service, "shadowed");
        }
        int sent = REQUESTS;
        waitFor(() -> counters.get(MetricsContract.SHADOW_COMPARED) + counters.get(MetricsContract.SHADOW_FAILED)
                >= sent, Duration.ofSeconds(SHADOW_MILLIS * sent / 1000 + 30));

        // THEN the caller never paid the shadow's 300 ms (only the hand-off), every copy was an Event call to the alias,
        // and every copy sent was compared (in agreement: both versions sum their inputs)
        System.out.printf("shadow caller latency (Lambda dispatch to a local Invoke stand-in, shadow +%d ms, n=%d): "
                + "without shadow p50 %.3f ms p99 %.3f ms; with shadow p50 %.3f ms p99 %.3f ms%n", SHADOW_MILLIS,
                REQUESTS, percentile(plain, 50), percentile(plain, 99), percentile(shadowed, 50),
                percentile(shadowed, 99));
        assertThat(percentile(shadowed, 50)).as("p50 of the shadowed caller, ms").isLessThan(SHADOW_MILLIS / 2.0);
        assertThat(percentile(shadowed, 99)).as("p99 of the shadowed caller, ms").isLessThan((double) SHADOW_MILLIS);
        assertThat(lambdaApi.calls()).hasSize(sent).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/2015-03-31/functions/modelfn-predict/invocations");
            assertThat(call.query()).isEqualTo("Qualifier=live");
            assertThat(call.invocationType()).isEqualTo("Event");
        });
        assertThat(counters.get(MetricsContract.SHADOW_REQUESTS)).isEqualTo(sent);
        assertThat(counters.get(MetricsContract.SHADOW_COMPARED)).isEqualTo(sent);
        assertThat(counters.get(MetricsContract.SHADOW_FAILED)).isZero();
        assertThat(counters.get(MetricsContract.SHADOW_SKIPPED)).isZero();
        assertThat(counters.disagreements.sum()).isZero();
    }

    @Test
    void dispatch_should_skip_and_count_a_copy_over_the_event_limit_without_calling_lambda() throws Exception {
        // GIVEN a limit smaller than one copy's event
        Fixture fixture = fixture(64);

        // WHEN a shadowed request is served
        serve(fixture.service, "shadowed");

        // THEN nothing was sent, and the copy counts as skipped, not as sent
        assertThat(lambdaApi.calls()).isEmpty();
        assertThat(counters.get(MetricsContract.SHADOW_SKIPPED)).isEqualTo(1);
        assertThat(counters.get(MetricsContract.SHADOW_REQUESTS)).isZero();
        assertThat(fixture.dispatch.skipped()).isEqualTo(1);
    }

    @Test
    void dispatch_should_skip_and_count_a_copy_when_lambda_cannot_be_reached() throws Exception {
        // GIVEN a client that has sent a copy (warm), and then an Invoke API that is gone
        Fixture fixture = fixture(1 << 20);
        for (int i = 0; i < 5 && counters.get(MetricsContract.SHADOW_REQUESTS) == 0; i++) {
            answer(fixture.service, "shadowed");
        }
        assertThat(counters.get(MetricsContract.SHADOW_REQUESTS)).isEqualTo(1);
        lambdaApi.close();
        counters.clear();

        // WHEN a shadowed request is served
        long start = System.nanoTime();
        Map<String, Tensor> answer = answer(fixture.service, "shadowed");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // THEN the caller still has its answer, within the hand-off's timeout, and the copy counts as skipped
        assertThat(answer).containsKey("sum");
        assertThat(millis).as("ms; the hand-off's timeout is 500 ms").isLessThan(1_500);
        assertThat(counters.get(MetricsContract.SHADOW_SKIPPED)).isEqualTo(1);
        assertThat(counters.get(MetricsContract.SHADOW_REQUESTS)).isZero();
    }

    private record Fixture(PredictionService service, LambdaShadowDispatch dispatch) {
    }

    private Fixture fixture(long maxEventBytes) throws Exception {
        ModelVersion fast = stored("fast/1.0.0");
        ModelVersion slow = stored("slow/1.0.0");
        Variant stable = new Variant(Variant.STABLE, fast.key(), Variant.TOTAL_WEIGHT);
        EndpointConfig plain = new EndpointConfig("plain", List.of(stable), null, "plain", null, 1, Instant.EPOCH);
        EndpointConfig shadowed = new EndpointConfig("shadowed", List.of(stable),
                new ShadowConfig(slow.key(), Variant.TOTAL_WEIGHT), "shadowed", null, 1, Instant.EPOCH);
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(new InMemoryRegistryReader(
                Registries.snapshot(List.of(fast, slow), List.of(plain, shadowed))), Clock.systemUTC(),
                Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        cache = new ModelCache(store, new SlowShadowEngine(new FakeEngine()), new ModelCache.Settings(dir, 1 << 20,
                Duration.ofSeconds(5), Duration.ZERO, 1), CacheListener.NONE);
        // The other invocation: the same receiving code the handler runs for a shadow event.
        ShadowReceiver receiver = new ShadowReceiver(snapshots, new ShadowComparison(cache, null, counters), counters);
        lambdaApi = new InvokeApiStub(receiver::receive);
        client = new AwsClientFactory(Optional.of("us-east-1")).build(LambdaClient.builder(), ClientUse.SHADOW_INVOKE,
                Duration.ofMillis(500), Optional.of(lambdaApi.endpoint()));
        LambdaShadowDispatch dispatch = new LambdaShadowDispatch(() -> client, "modelfn-predict", Optional.of("live"),
                maxEventBytes, counters, Runnable::run);
        PredictionService service = PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()),
                cache).shadows(dispatch).metrics(counters, FailureStatus.SERVER_ERROR, CostModel.NONE).build();
        return new Fixture(service, dispatch);
    }

    /** Serves one request; how long the caller waited, in nanoseconds. */
    private static long serve(PredictionService service, String endpoint) {
        long start = System.nanoTime();
        answer(service, endpoint);
        return System.nanoTime() - start;
    }

    private static Map<String, Tensor> answer(PredictionService service, String endpoint) {
        return service.serve(new CallContext("req", System.nanoTime(), null), new Request(endpoint))
                .prediction().outputs();
    }

    private ModelVersion stored(String key) throws Exception {
        byte[] bytes = ("weights of " + key).getBytes();
        store.put("mem:" + key, bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return Registries.version(key, FakeEngine.SIGNATURE, "mem:" + key, sha, bytes.length);
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static void waitFor(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            never.await(50, TimeUnit.MILLISECONDS);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + atMost).isTrue();
    }

    /** A request whose inputs are already tensors. */
    private record Request(String endpoint) implements ProtocolRequest {
        @Override
        public String pinnedVersion() {
            return null;
        }

        @Override
        public void read() {
        }

        @Override
        public Map<String, Tensor> inputs(Signature signature) {
            return Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {1, 2, 3, 4}));
        }
    }

    /** Counts the custom records by metric. */
    private static final class Counters implements Metrics {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        private final LongAdder disagreements = new LongAdder();

        @Override
        public void record(RequestMetrics request) {
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
            if (metric.equals(MetricsContract.SHADOW_DISAGREEMENT)) {
                disagreements.add((long) value);
            } else {
                counts.computeIfAbsent(metric, m -> new LongAdder()).add((long) value);
            }
        }

        void clear() {
            counts.clear();
            disagreements.reset();
        }

        long get(String metric) {
            LongAdder count = counts.get(metric);
            return count == null ? 0 : count.sum();
        }
    }

    /** Models named {@code slow} take {@link #SHADOW_MILLIS} longer per call. */
    private static final class SlowShadowEngine implements InferenceEngine {
        private final InferenceEngine engine;

        SlowShadowEngine(InferenceEngine engine) {
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
