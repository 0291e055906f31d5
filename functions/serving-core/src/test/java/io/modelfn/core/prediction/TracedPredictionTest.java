package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.FailureStatus;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.Registries;
import io.modelfn.core.tracing.TraceContext;
import io.modelfn.core.tracing.xray.XRayTracer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spans of the prediction path: one document per request, a child per stage, the trace passed on. */
class TracedPredictionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final FailureStatus STATUSES = failure -> failure instanceof EndpointNotFoundException ? 404
            : failure instanceof BackendTimeoutException ? 504 : 500;

    @TempDir
    Path dir;

    private final List<String> documents = new CopyOnWriteArrayList<>();
    private final List<TraceContext> forwardedWith = new ArrayList<>();
    private final InMemoryModelStore store = new InMemoryModelStore();
    private ModelCache cache;
    private RegistrySnapshotCache snapshots;
    private PredictionService service;

    @BeforeEach
    void service() throws Exception {
        ModelVersion local = ShadowTestKit.stored(store, "small/1.0.0");
        ModelVersion heavy = ShadowTestKit.stored(store, "heavy/1.0.0");
        EndpointConfig here = Registries.endpoint("small", Registries.variant(Variant.STABLE, "small/1.0.0",
                Variant.TOTAL_WEIGHT));
        EndpointConfig remote = new EndpointConfig("heavy", List.of(Registries.variant(Variant.STABLE, "heavy/1.0.0",
                Variant.TOTAL_WEIGHT)), null, "salt", "http:http://backend.internal:8080", 1, Instant.EPOCH);
        snapshots = new RegistrySnapshotCache(new InMemoryRegistryReader(
                Registries.snapshot(List.of(local, heavy), List.of(here, remote))), Clock.systemUTC(),
                Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        cache = new ModelCache(store, new FakeEngine(),
                new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 1), CacheListener.NONE);
        RemoteInference backend = (b, version, inputs, outputs, requestId, trace) -> {
            forwardedWith.add(trace);
            if (requestId.equals("slow")) {
                throw new BackendTimeoutException("slow", null);
            }
            return ShadowTestKit.sum(10);
        };
        service = PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()), cache)
                .remote(backend).metrics(Metrics.NONE, STATUSES, CostModel.NONE)
                .tracer(new XRayTracer(documents::add, "modelfn")).build();
    }

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void serve_should_record_routing_model_load_and_inference_in_the_callers_trace() throws Exception {
        // WHEN the first request to an in-process endpoint is served, then a second one
        service.serve(call("r1", TraceContext.fromTraceparent(CALLER, null)), request("small"));
        service.serve(call("r2", null), request("small"));

        // THEN the first request's document continues the caller's trace with routing, model-load, inference
        assertThat(documents).hasSize(2);
        JsonNode first = JSON.readTree(documents.get(0));
        assertThat(first.path("trace_id").asText()).isEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
        assertThat(first.path("parent_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(names(first)).containsExactly("routing", "model-load", "inference");
        assertThat(first.path("annotations").path("endpoint").asText()).isEqualTo("small");
        assertThat(first.path("annotations").path("variant").asText()).isEqualTo(Variant.STABLE);
        assertThat(first.path("annotations").path("model").asText()).isEqualTo("small");
        assertThat(first.path("annotations").path("version").asText()).isEqualTo("1.0.0");
        assertThat(first.path("http").path("response").path("status").asInt()).isEqualTo(200);
        for (JsonNode child : first.path("subsegments")) {
            assertThat(child.path("start_time").asDouble()).isGreaterThanOrEqualTo(first.path("start_time").asDouble());
            assertThat(child.path("end_time").asDouble()).isBetween(child.path("start_time").asDouble(),
                    first.path("end_time").asDouble());
        }
        // and the warm second request, a new trace, waits for no load
        JsonNode second = JSON.readTree(documents.get(1));
        assertThat(names(second)).containsExactly("routing", "inference");
        assertThat(second.path("trace_id").asText()).isNotEqualTo(first.path("trace_id").asText());
        // and no input value reaches a document
        assertThat(documents).noneMatch(d -> d.contains("input") || d.contains("1.0,") || d.contains("[1"));
    }

    @Test
    void serve_should_pass_the_forward_spans_context_to_the_backend() throws Exception {
        // WHEN a request to an endpoint on a remote backend is served
        service.serve(call("r1", TraceContext.fromTraceparent(CALLER, "vendor=1")), request("heavy"));

        // THEN the backend is handed the caller's trace with the forward span as parent
        JsonNode doc = JSON.readTree(documents.get(0));
        assertThat(names(doc)).containsExactly("routing", "forward");
        JsonNode forward = doc.path("subsegments").get(1);
        assertThat(forward.path("namespace").asText()).isEqualTo("remote");
        assertThat(forward.path("annotations").path("backend").asText()).isEqualTo("http:http://backend.internal:8080");
        assertThat(forwardedWith).singleElement().satisfies(trace -> {
            assertThat(trace.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-"
                    + forward.path("id").asText() + "-01");
            assertThat(trace.traceState()).isEqualTo("vendor=1");
        });
    }

    @Test
    void serve_should_flag_a_fault_on_the_request_and_the_forward_when_the_backend_times_out() throws Exception {
        assertThatThrownBy(() -> service.serve(call("slow", null), request("heavy")))
                .isInstanceOf(BackendTimeoutException.class);

        JsonNode doc = JSON.readTree(documents.get(0));
        assertThat(doc.path("fault").asBoolean()).isTrue();
        assertThat(doc.path("http").path("response").path("status").asInt()).isEqualTo(504);
        assertThat(doc.path("subsegments").get(1).path("fault").asBoolean()).isTrue();
    }

    @Test
    void serve_should_flag_an_error_on_the_request_and_routing_when_the_endpoint_is_unknown() throws Exception {
        assertThatThrownBy(() -> service.serve(call("r1", null), request("nobody")))
                .isInstanceOf(EndpointNotFoundException.class);

        JsonNode doc = JSON.readTree(documents.get(0));
        assertThat(doc.path("error").asBoolean()).isTrue();
        assertThat(doc.has("fault")).isFalse();
        assertThat(names(doc)).containsExactly("routing");
        assertThat(doc.path("subsegments").get(0).path("error").asBoolean()).isTrue();
        assertThat(doc.has("annotations")).as("an unknown name is not recorded").isFalse();
    }

    @Test
    void serve_should_record_nothing_and_pass_no_context_when_tracing_is_off() {
        PredictionService untraced = PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()),
                cache).remote((b, version, inputs, outputs, requestId, trace) -> {
                    forwardedWith.add(trace);
                    return ShadowTestKit.sum(10);
                }).build();

        untraced.serve(call("r1", TraceContext.fromTraceparent(CALLER, null)), request("heavy"));

        assertThat(documents).isEmpty();
        assertThat(forwardedWith).containsExactly((TraceContext) null);
    }

    private static List<String> names(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.path("subsegments").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static CallContext call(String requestId, TraceContext trace) {
        return new CallContext(requestId, System.nanoTime(), null, trace);
    }

    private static PredictRequest request(String endpoint) {
        return new PredictRequest(endpoint, null, Map.<String, Tensor>of("input", Tensor.ofFloats("input",
                new long[] {1, 4}, new float[] {1, 2, 3, 4})), List.of(), null, null);
    }
}
