package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.BackendTimeoutException;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteBackendPredictionTest {

    private static final String GPU = "http:http://gpu.internal:8080";

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final FakeEngine engine = new FakeEngine();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private ModelCache cache;

    /** A backend that answers sum = 42 and records what it was asked to run. */
    private final RemoteInference remote = (backend, version, inputs, outputs, requestId, trace) -> {
        calls.add(backend.text() + " " + version.key() + " " + requestId);
        return Map.of("sum", Tensor.ofFloats("sum", new long[] {1, 1}, new float[] {42}));
    };

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    private PredictionService service(RegistrySnapshot snapshot, RemoteInference remoteInference) {
        cache = new ModelCache(store, engine, new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 1),
                CacheListener.NONE);
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(new InMemoryRegistryReader(snapshot),
                Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        return PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()), cache)
                .remote(remoteInference).build();
    }

    private static final byte[] ARTIFACT = {1, 2, 3, 4};

    private static ModelVersion fake(String key) {
        return Registries.version(key, FakeEngine.SIGNATURE, uri(key), sha256(ARTIFACT), ARTIFACT.length);
    }

    private static String uri(String key) {
        return "mem:" + key + "/model.onnx";
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EndpointConfig endpoint(String name, String backend, String... keys) {
        List<Variant> variants = new java.util.ArrayList<>();
        int weight = Variant.TOTAL_WEIGHT / keys.length;
        for (int i = 0; i < keys.length; i++) {
            variants.add(new Variant(i == 0 ? Variant.STABLE : Variant.CANARY, ModelKey.parse(keys[i]),
                    i == keys.length - 1 ? Variant.TOTAL_WEIGHT - weight * (keys.length - 1) : weight));
        }
        return new EndpointConfig(name, variants, null, name, backend, 1, Instant.EPOCH);
    }

    private static PredictRequest request(String endpoint, String pinned) {
        return new PredictRequest(endpoint, pinned,
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {1, 2, 3, 4})), List.of(), null,
                "req-1");
    }

    @Test
    void predict_should_forward_to_the_endpoints_backend_and_never_load_the_model_here() {
        // GIVEN an endpoint whose backend is an HTTP service
        PredictionService service = service(Registries.snapshot(List.of(fake("heavy/1.0.0")),
                List.of(endpoint("heavy", GPU, "heavy/1.0.0"))), remote);

        // WHEN it is called
        Prediction prediction = request("heavy", null).servedBy(service);

        // THEN the backend ran exactly the routed version, the answer is its, and nothing was loaded here
        assertThat(calls).containsExactly(GPU + " heavy/1.0.0 req-1");
        assertThat(prediction.remote()).isTrue();
        assertThat(prediction.variant()).isEqualTo(Variant.STABLE);
        assertThat(prediction.outputs().get("sum").floats()).containsExactly(42f);
        assertThat(engine.loads()).isZero();
    }

    @Test
    void predict_should_validate_inputs_before_forwarding() {
        // GIVEN a remote endpoint
        PredictionService service = service(Registries.snapshot(List.of(fake("heavy/1.0.0")),
                List.of(endpoint("heavy", GPU, "heavy/1.0.0"))), remote);

        // WHEN the input has the wrong shape / THEN it is refused here and never reaches the backend
        PredictRequest wrong = new PredictRequest("heavy", null,
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 3}, new float[] {1, 2, 3})), List.of(), null, "r");
        assertThatThrownBy(() -> wrong.servedBy(service)).isInstanceOf(InvalidInputException.class);
        assertThat(calls).isEmpty();
    }

    @Test
    void predict_should_run_here_when_the_service_has_no_remote_inference() {
        // GIVEN the same registry in a backend (forwarding off)
        ModelVersion version = fake("heavy/1.0.0");
        store.put(uri("heavy/1.0.0"), ARTIFACT);
        PredictionService backend = service(Registries.snapshot(List.of(version),
                List.of(endpoint("heavy", GPU, "heavy/1.0.0"))), null);

        // WHEN the forwarded, pinned call arrives
        Prediction prediction = request("heavy", "1.0.0").servedBy(backend);

        // THEN the model runs in this process
        assertThat(prediction.remote()).isFalse();
        assertThat(engine.loads()).isEqualTo(1);
        assertThat(prediction.outputs().get("sum").floats()).containsExactly(10f);
    }

    @Test
    void pinned_calls_by_model_name_should_go_to_the_backend_of_an_endpoint_serving_the_model() {
        // GIVEN model heavy served only by endpoint "big" on a SageMaker backend
        PredictionService service = service(Registries.snapshot(List.of(fake("heavy/1.0.0"), fake("small/1.0.0")),
                List.of(endpoint("big", "sagemaker:gpu-endpoint", "heavy/1.0.0"),
                        endpoint("small", "lambda", "small/1.0.0"))), remote);

        // WHEN heavy is called by its own name and version
        Resolution resolution = service.resolve("heavy", "1.0.0", null);

        // THEN it runs where endpoint big runs
        assertThat(resolution.backend()).isEqualTo(new Backend.SageMaker("gpu-endpoint"));
        assertThat(service.resolve("small", "1.0.0", null).backend()).isEqualTo(Backend.IN_PROCESS);
        assertThat(resolution.inProcess().backend()).isEqualTo(Backend.IN_PROCESS);
    }

    @Test
    void predict_should_let_backend_failures_reach_the_caller_unchanged() {
        // GIVEN a backend that times out
        RemoteInference slow = (backend, version, inputs, outputs, requestId, trace) -> {
            throw new BackendTimeoutException("no answer within 1000 ms", null);
        };
        PredictionService service = service(Registries.snapshot(List.of(fake("heavy/1.0.0")),
                List.of(endpoint("heavy", GPU, "heavy/1.0.0"))), slow);

        // WHEN called / THEN the timeout surfaces (the HTTP layer answers 504)
        assertThatThrownBy(() -> request("heavy", null).servedBy(service)).isInstanceOf(BackendTimeoutException.class);
    }

    private PredictionService serviceWithResultCache(RegistrySnapshot snapshot) {
        cache = new ModelCache(store, engine, new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 1),
                CacheListener.NONE);
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(new InMemoryRegistryReader(snapshot),
                Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        return PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()), cache)
                .remote(remote).results(new ResultCache(100, 1 << 20)).build();
    }

    private static EndpointConfig cached(EndpointConfig endpoint) {
        return new EndpointConfig(endpoint.name(), endpoint.variants(), null, endpoint.stickySalt(), endpoint.backend(),
                endpoint.revision(), endpoint.updatedAt(), null, true);
    }

    @Test
    void a_repeated_input_should_get_the_kept_answer_without_running_the_model_when_the_endpoint_keeps_answers() {
        // GIVEN an endpoint that keeps answers, and one that does not, on the same version
        ModelVersion version = fake("heavy/1.0.0");
        store.put(uri("heavy/1.0.0"), ARTIFACT);
        PredictionService service = serviceWithResultCache(Registries.snapshot(List.of(version), List.of(
                cached(endpoint("kept", "lambda", "heavy/1.0.0")), endpoint("fresh", "lambda", "heavy/1.0.0"))));

        // WHEN the same input is sent twice to each
        Prediction first = request("kept", null).servedBy(service);
        Prediction second = request("kept", null).servedBy(service);
        request("fresh", null).servedBy(service);
        Prediction fresh = request("fresh", null).servedBy(service);

        // THEN the kept answer equals the computed one, and the model ran once for "kept", twice for "fresh"
        assertThat(first.resultCacheHit()).isZero();
        assertThat(second.resultCacheHit()).isEqualTo(1);
        assertThat(second.outputs()).isEqualTo(first.outputs()).isEqualTo(fresh.outputs());
        assertThat(fresh.resultCacheHit()).isEqualTo(-1);
        assertThat(engine.inferences()).isEqualTo(3);
    }

    @Test
    void kept_answers_should_never_be_served_for_another_version_or_input() {
        // GIVEN an endpoint that keeps answers, whose version then changes
        ModelVersion v1 = fake("heavy/1.0.0");
        ModelVersion v2 = fake("heavy/2.0.0");
        store.put(uri("heavy/1.0.0"), ARTIFACT).put(uri("heavy/2.0.0"), ARTIFACT);
        PredictionService service = serviceWithResultCache(Registries.snapshot(List.of(v1, v2), List.of(
                cached(endpoint("kept", "lambda", "heavy/1.0.0")))));
        request("kept", null).servedBy(service);

        // WHEN version 2.0.0 is asked for the same input, and 1.0.0 for another input
        Prediction other = request("kept", "2.0.0").servedBy(service);
        Prediction otherInput = new PredictRequest("kept", null,
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[] {4, 3, 2, 2})), List.of(), null, "r")
                .servedBy(service);

        // THEN both are computed
        assertThat(other.resultCacheHit()).isZero();
        assertThat(other.version().key()).isEqualTo(ModelKey.parse("heavy/2.0.0"));
        assertThat(otherInput.resultCacheHit()).isZero();
        assertThat(otherInput.outputs().get("sum").floats()).containsExactly(11f);
        assertThat(engine.inferences()).isEqualTo(3);
    }

    @Test
    void a_remote_endpoint_that_keeps_answers_should_call_its_backend_once_per_distinct_input() {
        PredictionService service = serviceWithResultCache(Registries.snapshot(List.of(fake("heavy/1.0.0")),
                List.of(cached(endpoint("heavy", GPU, "heavy/1.0.0")))));

        request("heavy", null).servedBy(service);
        Prediction again = request("heavy", null).servedBy(service);

        assertThat(calls).hasSize(1);
        assertThat(again.resultCacheHit()).isEqualTo(1);
        assertThat(again.outputs().get("sum").floats()).containsExactly(42f);
    }
}
