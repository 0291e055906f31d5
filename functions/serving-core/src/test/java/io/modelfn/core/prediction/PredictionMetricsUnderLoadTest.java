package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.AggregatedMetrics;
import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.FailureStatus;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.Signature;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ConcurrentCallers;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.Registries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost under load: requests served concurrently through the prediction path, while the aggregated
 * metrics are flushed again and again, come out of the EMF records as exactly as many requests, client errors
 * and server errors per endpoint and variant as were served.
 */
class PredictionMetricsUnderLoadTest {

    private static final String BACKEND = "http:http://backend.internal:8080";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FailureStatus STATUSES = failure -> failure instanceof EndpointNotFoundException ? 404
            : failure instanceof BackendTimeoutException ? 504 : failure instanceof IllegalArgumentException ? 400 : 500;

    @TempDir
    Path dir;

    private ModelCache cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    /** Requests, client errors and server errors seen on one (endpoint, variant). */
    private record Counts(LongAdder requests, LongAdder clientErrors, LongAdder serverErrors) {
        Counts() {
            this(new LongAdder(), new LongAdder(), new LongAdder());
        }

        List<Long> values() {
            return List.of(requests.sum(), clientErrors.sum(), serverErrors.sum());
        }
    }

    @Test
    void metric_counts_should_equal_the_requests_served_per_endpoint_and_variant_when_served_concurrently_across_flushes()
            throws Exception {
        // GIVEN an endpoint split between two variants on a backend that times out on every third request, the
        // path's records aggregated in memory, and a thread flushing them to EMF lines while requests are served
        Map<String, Counts> served = new ConcurrentHashMap<>();
        RemoteInference backend = (b, version, inputs, outputs, requestId, trace) -> {
            String variant = version.key().version().equals("1.0.0") ? Variant.STABLE : Variant.CANARY;
            Counts counts = served.computeIfAbsent("heavy " + variant, k -> new Counts());
            counts.requests().increment();
            if (Math.floorMod(requestId.hashCode(), 3) == 0) {
                counts.serverErrors().increment();
                throw new BackendTimeoutException("slow", null);
            }
            return Map.of("sum", Tensor.ofFloats("sum", new long[] {1, 1}, new float[] {42}));
        };
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        AggregatedMetrics metrics = new AggregatedMetrics(new EmfMetrics(lines::add, Clock.systemUTC()));
        PredictionService service = PredictionService.builder(snapshots(), new EndpointResolver(new TrafficRouter()), cache())
                .remote(backend).metrics(metrics, STATUSES, CostModel.NONE).build();
        AtomicBoolean serving = new AtomicBoolean(true);
        LongAdder flushes = new LongAdder();
        Thread flusher = new Thread(() -> {
            while (serving.get()) {
                metrics.flush();
                flushes.increment();
                LockSupport.parkNanos(100_000);
            }
        });

        // WHEN 8 threads serve 2,500 requests each: most to the endpoint, some with a body the protocol refuses
        // (400, before routing) and some to a name nobody registered (404)
        int threads = 8;
        int perThread = 2_500;
        ConcurrentCallers.run(threads, perThread, flusher::start, (caller, i) -> {
            String requestId = caller + "-" + i;
            CallContext call = new CallContext(requestId, System.nanoTime(), "key-" + requestId);
            try {
                if (i % 10 == 7) {
                    served.computeIfAbsent("heavy " + MetricsContract.NONE, k -> new Counts()).requests().increment();
                    served.get("heavy " + MetricsContract.NONE).clientErrors().increment();
                    service.serve(call, refusedBody("heavy"));
                } else if (i % 10 == 9) {
                    Counts unknown = served.computeIfAbsent(MetricsContract.UNKNOWN + " " + MetricsContract.NONE,
                            k -> new Counts());
                    unknown.requests().increment();
                    unknown.clientErrors().increment();
                    service.serve(call, request("nobody-" + requestId));
                } else {
                    service.serve(call, request("heavy"));
                }
            } catch (RuntimeException expected) {
                // counted above or by the backend
            }
        });
        serving.set(false);
        flusher.join();
        metrics.flush();

        // THEN the records add up, per endpoint and variant, to what was served: nothing lost, nothing twice
        Map<String, Counts> recorded = new ConcurrentHashMap<>();
        Map<String, LongAdder> recordsPerSeries = new ConcurrentHashMap<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            if (!record.has(MetricsContract.REQUESTS)) {
                continue;
            }
            String series = record.path(MetricsContract.ENDPOINT).asText() + " " + record.path(MetricsContract.VARIANT).asText();
            Counts counts = recorded.computeIfAbsent(series, k -> new Counts());
            counts.requests().add(sum(record.path(MetricsContract.REQUESTS)));
            counts.clientErrors().add(sum(record.path(MetricsContract.CLIENT_ERRORS)));
            counts.serverErrors().add(sum(record.path(MetricsContract.SERVER_ERRORS)));
            recordsPerSeries.computeIfAbsent(series, k -> new LongAdder()).increment();
        }
        assertThat(served.values().stream().mapToLong(c -> c.requests().sum()).sum()).isEqualTo((long) threads * perThread);
        assertThat(served.keySet()).containsExactlyInAnyOrder("heavy " + Variant.STABLE, "heavy " + Variant.CANARY,
                "heavy " + MetricsContract.NONE, MetricsContract.UNKNOWN + " " + MetricsContract.NONE);
        assertThat(recorded.keySet()).isEqualTo(served.keySet());
        for (String series : served.keySet()) {
            assertThat(recorded.get(series).values()).as(series).isEqualTo(served.get(series).values());
        }
        assertThat(served.get("heavy " + Variant.STABLE).serverErrors().sum()).isPositive();
        // and the run spanned many flushes: the busiest series went out in more than one record
        assertThat(recordsPerSeries.get("heavy " + Variant.STABLE).sum()).isGreaterThan(1);
        assertThat(flushes.sum()).isGreaterThan(1);
    }

    /** The sum of a metric's value object ({@code {"Values":[..],"Counts":[..],...,"Sum":..}}). */
    private static long sum(JsonNode valueObject) {
        long total = 0;
        JsonNode values = valueObject.path("Values");
        JsonNode counts = valueObject.path("Counts");
        for (int i = 0; i < values.size(); i++) {
            total += Math.round(values.get(i).asDouble() * counts.get(i).asLong());
        }
        return total;
    }

    private ModelCache cache() {
        cache = new ModelCache(new InMemoryModelStore(), new FakeEngine(),
                new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 1), CacheListener.NONE);
        return cache;
    }

    /** The endpoint "heavy" on a remote backend, half stable (heavy/1.0.0), half canary (heavy/1.1.0). */
    private static RegistrySnapshotCache snapshots() {
        List<ModelVersion> versions = List.of(version("heavy/1.0.0"), version("heavy/1.1.0"));
        EndpointConfig endpoint = new EndpointConfig("heavy", List.of(
                Registries.variant(Variant.STABLE, "heavy/1.0.0", Variant.TOTAL_WEIGHT / 2),
                Registries.variant(Variant.CANARY, "heavy/1.1.0", Variant.TOTAL_WEIGHT / 2)), null, "salt", BACKEND, 1,
                Instant.EPOCH);
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(
                new InMemoryRegistryReader(Registries.snapshot(versions, List.of(endpoint))), Clock.systemUTC(),
                Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        return snapshots;
    }

    private static ModelVersion version(String key) {
        return Registries.version(key, FakeEngine.SIGNATURE, "mem:" + key + "/model.onnx", "0".repeat(64), 4);
    }

    private static PredictRequest request(String endpoint) {
        return new PredictRequest(endpoint, null,
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {1, 2, 3, 4})), List.of(),
                null, null);
    }

    /** A request to {@code endpoint} whose body the protocol refuses (400, before routing). */
    private static ProtocolRequest refusedBody(String endpoint) {
        return new ProtocolRequest() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public String pinnedVersion() {
                return null;
            }

            @Override
            public void read() {
                throw new IllegalArgumentException("bad body");
            }

            @Override
            public Map<String, Tensor> inputs(Signature signature) {
                throw new AssertionError("a refused body is never decoded");
            }
        };
    }
}
