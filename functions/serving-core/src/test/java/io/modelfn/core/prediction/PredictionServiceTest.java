package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.FailureStatus;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.Registries;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one prediction entry: what it reads, routes and records, whatever the protocol. */
class PredictionServiceTest {

    private static final String BACKEND = "http:http://backend.internal:8080";

    @TempDir
    Path dir;

    private final List<RequestMetrics> records = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void record(RequestMetrics request) {
            records.add(request);
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
        }
    };
    /** Statuses as the transport maps them: what the records must carry. */
    private final FailureStatus statuses = failure -> failure instanceof EndpointNotFoundException ? 404
            : failure instanceof BackendTimeoutException ? 504 : failure instanceof IllegalArgumentException ? 400 : 500;
    private ModelCache cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void serve_should_leave_one_record_naming_who_answered_when_answered() {
        // GIVEN an endpoint served by a backend that answers
        PredictionService service = service(answering());

        // WHEN one request is served
        Answer<PredictRequest> answer = service.serve(call("req-1", null), request("heavy", null));

        // THEN the answer names the stable version and exactly one record says the same, with status 200
        assertThat(answer.prediction().version().key()).isEqualTo(ModelKey.parse("heavy/1.0.0"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.endpoint()).isEqualTo("heavy");
            assertThat(r.variant()).isEqualTo(Variant.STABLE);
            assertThat(r.version()).isEqualTo("1.0.0");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.requestId()).isEqualTo("req-1");
            assertThat(r.latencyMs()).isGreaterThanOrEqualTo(0);
        });
    }

    @Test
    void serve_should_count_a_failure_after_routing_for_the_chosen_variant_with_its_mapped_status() {
        // GIVEN a backend that times out
        PredictionService service = service((backend, version, inputs, outputs, requestId, trace) -> {
            throw new BackendTimeoutException("slow", null);
        });

        // WHEN a request is served
        assertThatThrownBy(() -> service.serve(call("req-2", null), request("heavy", null)))
                .isInstanceOf(BackendTimeoutException.class);

        // THEN its one record counts the 504 for the variant that was chosen, so that variant's alarms see it
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.variant()).isEqualTo(Variant.STABLE);
            assertThat(r.version()).isEqualTo("1.0.0");
            assertThat(r.status()).isEqualTo(504);
            assertThat(r.inferenceMs()).isNegative();
        });
    }

    @Test
    void serve_should_count_a_bad_body_for_a_registered_name_and_an_unknown_name_as_unknown() {
        // GIVEN a registered endpoint whose request body is refused, and a name nobody registered
        PredictionService service = service(answering());
        ProtocolRequest badBody = refusedBody("heavy");

        // WHEN both are served
        assertThatThrownBy(() -> service.serve(call("a", null), badBody)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.serve(call("b", null), request("no-such-endpoint-" + "x".repeat(40),
                null))).isInstanceOf(EndpointNotFoundException.class);

        // THEN the registered name is its record's endpoint; a made-up name never becomes a dimension
        assertThat(records).extracting(RequestMetrics::endpoint, RequestMetrics::variant, RequestMetrics::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("heavy", MetricsContract.NONE, 400),
                        org.assertj.core.groups.Tuple.tuple(MetricsContract.UNKNOWN, MetricsContract.NONE, 404));
    }

    @Test
    void serve_should_route_on_the_header_key_over_the_protocols_own_key() {
        // GIVEN an endpoint split half and half, and two keys that land on different variants
        PredictionService service = service(answering(), Registries.variant(Variant.STABLE, "heavy/1.0.0", 5000),
                Registries.variant(Variant.CANARY, "heavy/1.1.0", 5000));
        String headerKey = "h";
        String headerVariant = variantFor(service, call("x", headerKey), null);
        String bodyKey = null;
        for (int i = 0; bodyKey == null; i++) {
            if (!variantFor(service, call("x", null), "b" + i).equals(headerVariant)) {
                bodyKey = "b" + i;
            }
        }

        // WHEN a request carries both
        String both = variantFor(service, call("x", headerKey), bodyKey);

        // THEN the header decides; without it the protocol's key does
        assertThat(both).isEqualTo(headerVariant);
        assertThat(variantFor(service, call("x", null), bodyKey)).isNotEqualTo(headerVariant);
    }

    @Test
    void serve_should_mark_only_the_first_request_of_the_process_as_a_cold_start() {
        // GIVEN a new service
        PredictionService service = service(answering());

        // WHEN three requests are served
        for (int i = 0; i < 3; i++) {
            service.serve(call("r" + i, null), request("heavy", null));
        }

        // THEN only the first record is a cold start
        assertThat(records).extracting(RequestMetrics::coldStart).containsExactly(true, false, false);
    }

    @Test
    void serve_should_have_every_record_of_the_request_on_the_stream_when_it_returns() {
        // GIVEN a tabular version with a training profile, and metrics written to a stream behind a buffer
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        EmfMetrics emf = EmfMetrics.to(new BufferedOutputStream(stdout, 1 << 16), Clock.systemUTC());
        ModelVersion profiled = new ModelVersion(ModelKey.parse("heavy/1.0.0"), version("heavy/1.0.0").artifact(),
                "0".repeat(64), 4, FakeEngine.SIGNATURE, LifecycleState.VALIDATED, ModelCard.Task.CLASSIFICATION,
                List.of(), Registries.sample("iris/1.1.0").features(), Instant.EPOCH);
        PredictionService service = PredictionService.builder(snapshots(List.of(profiled)),
                        new EndpointResolver(new TrafficRouter()), cache())
                .remote(answering()).featureBins(true).metrics(emf, statuses, CostModel.NONE).build();

        // WHEN one request is served (what a Lambda handler calls before it posts its response)
        service.serve(call("req-9", null), request("heavy", null));

        // THEN the request's record and its four feature-bin records are already on the stream, whole
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines).filteredOn(l -> l.contains("\"RequestId\":\"req-9\"")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("\"" + MetricsContract.FEATURE_BIN_COUNT + "\":1}")).hasSize(4);
    }

    private String variantFor(PredictionService service, CallContext call, String protocolKey) {
        return service.serve(call, request("heavy", protocolKey)).prediction().variant();
    }

    private static CallContext call(String requestId, String headerKey) {
        return new CallContext(requestId, System.nanoTime(), headerKey);
    }

    private static RemoteInference answering() {
        return (backend, version, inputs, outputs, requestId, trace) ->
                Map.of("sum", Tensor.ofFloats("sum", new long[] {1, 1}, new float[] {42}));
    }

    private PredictionService service(RemoteInference remote, Variant... variants) {
        List<ModelVersion> versions = List.of(version("heavy/1.0.0"), version("heavy/1.1.0"));
        return PredictionService.builder(snapshots(versions, variants), new EndpointResolver(new TrafficRouter()), cache())
                .remote(remote).metrics(metrics, statuses, CostModel.NONE).build();
    }

    private ModelCache cache() {
        cache = new ModelCache(new InMemoryModelStore(), new FakeEngine(),
                new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 1), CacheListener.NONE);
        return cache;
    }

    /** The endpoint "heavy" on a remote backend over {@code versions}, stable on heavy/1.0.0 unless told. */
    private static RegistrySnapshotCache snapshots(List<ModelVersion> versions, Variant... variants) {
        if (variants.length == 0) {
            variants = new Variant[] {Registries.variant(Variant.STABLE, "heavy/1.0.0", Variant.TOTAL_WEIGHT)};
        }
        EndpointConfig endpoint = new EndpointConfig("heavy", List.of(variants), null, "salt", BACKEND, 1,
                Instant.EPOCH);
        RegistrySnapshot snapshot = Registries.snapshot(versions, List.of(endpoint));
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(new InMemoryRegistryReader(snapshot),
                Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        return snapshots;
    }

    private static ModelVersion version(String key) {
        return Registries.version(key, FakeEngine.SIGNATURE, "mem:" + key + "/model.onnx", "0".repeat(64), 4);
    }

    private static PredictRequest request(String endpoint, String protocolKey) {
        return new PredictRequest(endpoint, null,
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {1, 2, 3, 4})), List.of(),
                protocolKey, null);
    }

    /** A request to {@code endpoint} whose body the protocol refuses. */
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
