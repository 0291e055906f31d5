package io.modelfn.api.serving;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.CountingInferenceEngine;
import io.modelfn.api.testing.CountingModelStore;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.testkit.ReferenceVectors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Load once, serve warm: a burst of first requests for a version nobody has loaded yet shares one
 * download and one ONNX Runtime session, and every request of the burst is answered.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ColdLoadConcurrencyIT {

    private static final int REQUESTS = 64;

    @TestHTTPResource("/")
    URI base;

    @Inject
    CountingModelStore store;

    @Inject
    CountingInferenceEngine engine;

    @Inject
    CapturedMetrics metrics;

    @Test
    void infer_should_download_and_load_once_when_many_first_requests_arrive_together() throws Exception {
        // GIVEN a version registered for this test alone (the digits CNN under its own name), not loaded yet
        ModelVersion version = TestRegistry.copyOf("digits/1.0.0", "digits-burst/1.0.0");
        TestRegistry.register(version);
        ModelKey key = version.key();
        String artifact = version.artifact().uri();
        int opensBefore = store.opens(artifact);
        assertThat(engine.loads(key)).isZero();
        ReferenceVectors.Case reference = SampleCases.referenceCase("digits/1.0.0", "single");
        String body = TensorJson.write(TensorJson.oipRequest(reference.inputs(), false));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String burst = "burst-" + UUID.randomUUID() + "-";
        // The load (a 16 KB model) would otherwise often finish before the rest of the burst arrives:
        // it is held until the first requests have come in, so the burst really races it.
        CountDownLatch loadMayStart = new CountDownLatch(1);
        engine.holdLoadsOf(key, loadMayStart);

        // WHEN 64 requests for it start at the same moment
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            CountDownLatch ready = new CountDownLatch(REQUESTS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/models/digits-burst/versions/1.0.0/infer"))
                        .header("Content-Type", "application/json").header("X-Request-Id", burst + i)
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            Eventually.await("the load of " + key + " started", Duration.ofSeconds(10), () -> engine.loads(key) == 1);
            Thread.sleep(500); // the rest of the burst reaches the model cache, well within its 25 s load deadline
            loadMayStart.countDown();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        // THEN every one is answered correctly, from one download and one session
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertMatchesReference(TensorJson.oipOutputs(TensorJson.parse(response.body())), reference.outputs(),
                    "digits-burst single");
        }
        assertThat(store.opens(artifact) - opensBefore).as("downloads of %s", artifact).isEqualTo(1);
        assertThat(engine.loads(key)).as("sessions of %s", key).isEqualTo(1);
        // ...and the burst really raced the load: more than one request waited for it (a cache miss).
        Eventually.await("a metrics record of every request of the burst", Duration.ofSeconds(10),
                () -> burstRecords(burst).size() == REQUESTS);
        long misses = burstRecords(burst).stream().filter(r -> r.path("CacheMiss").asInt() == 1).count();
        assertThat(misses).as("requests that waited for the load").isGreaterThan(1);
    }

    private List<JsonNode> burstRecords(String burst) {
        return metrics.records().stream().filter(record -> record.path("RequestId").asText().startsWith(burst)).toList();
    }
}
