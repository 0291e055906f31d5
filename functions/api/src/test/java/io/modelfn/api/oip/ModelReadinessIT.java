package io.modelfn.api.oip;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.CountingInferenceEngine;
import io.modelfn.api.testing.CountingModelStore;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Model readiness a client can wait on: with lazy loading, a probe of a routable model that nothing
 * has loaded starts its load (the cache's single load, not waited for) and answers not ready
 * ({@code 400}, {@code {"error", "name", "ready": false}}) until it is loaded, then {@code 200}
 * {@code {"name", "ready": true}}.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ModelReadinessIT {

    @TestHTTPResource("/")
    URI base;

    @Inject
    CountingInferenceEngine engine;

    @Inject
    CountingModelStore store;

    @Test
    void modelReady_should_start_the_load_and_answer_ready_once_loaded_when_nothing_has_asked_for_the_model() {
        // GIVEN an endpoint on a version nothing has loaded, whose load is held until released
        ModelVersion version = TestRegistry.copyOf("iris/1.0.0", "iris-probed/1.0.0");
        TestRegistry.registerWithEndpoint(version);
        ModelKey key = version.key();
        CountDownLatch loadMayFinish = new CountDownLatch(1);
        engine.holdLoadsOf(key, loadMayFinish);
        assertThat(engine.loads(key)).isZero();

        // WHEN its readiness is asked, as a client polling it would, with no inference request
        Response endpointWhileLoading = given().get("/v2/models/iris-probed/ready");
        Eventually.await("the probe to start the load of " + key, Duration.ofSeconds(10), () -> engine.loads(key) == 1);
        Response versionWhileLoading = given().get("/v2/models/iris-probed/versions/1.0.0/ready");
        loadMayFinish.countDown();
        Eventually.await("iris-probed to become ready", Duration.ofSeconds(30),
                () -> given().get("/v2/models/iris-probed/ready").statusCode() == 200);
        Response endpointReady = given().get("/v2/models/iris-probed/ready");
        Response versionReady = given().get("/v2/models/iris-probed/versions/1.0.0/ready");

        // THEN it is not ready while loading (400, the protocol's body with ready=false and the reason)
        assertNotReady(endpointWhileLoading, "iris-probed", "loading");
        assertNotReady(versionWhileLoading, "iris-probed", "loading");
        // AND ready once loaded, from the one load the first probe started, with nothing inferred
        assertReady(endpointReady, "iris-probed");
        assertReady(versionReady, "iris-probed");
        assertThat(engine.loads(key)).isEqualTo(1);
        assertThat(engine.inferences(key)).isZero();
    }

    @Test
    void modelReady_should_load_once_when_many_probes_arrive_together() throws Exception {
        // GIVEN a version nothing has loaded, whose load is held until the burst has arrived
        ModelVersion version = TestRegistry.copyOf("iris/1.0.0", "iris-probe-burst/1.0.0");
        TestRegistry.registerWithEndpoint(version);
        ModelKey key = version.key();
        String artifact = version.artifact().uri();
        int opensBefore = store.opens(artifact);
        CountDownLatch loadMayFinish = new CountDownLatch(1);
        engine.holdLoadsOf(key, loadMayFinish);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        // WHEN 32 probes (of the endpoint and of the version) start at the same moment
        List<HttpResponse<String>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String path = i % 2 == 0 ? "/v2/models/iris-probe-burst/ready" : "/v2/models/iris-probe-burst/versions/1.0.0/ready";
                HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
                futures.add(pool.submit(() -> {
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            loadMayFinish.countDown();
        }
        Eventually.await("iris-probe-burst to become ready", Duration.ofSeconds(30),
                () -> given().get("/v2/models/iris-probe-burst/ready").statusCode() == 200);

        // THEN every probe answered at once (the load was still held): not ready
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(TensorJson.parse(answer.body()).path("ready").asBoolean(true)).as(answer.body()).isFalse();
        }
        // AND the burst shared one download and one session
        assertThat(store.opens(artifact) - opensBefore).as("downloads of %s", artifact).isEqualTo(1);
        assertThat(engine.loads(key)).as("sessions of %s", key).isEqualTo(1);
    }

    @Test
    void modelReady_should_answer_not_ready_with_the_reason_and_not_fetch_again_when_the_artifact_is_refused() {
        // GIVEN an endpoint on a version whose registered sha256 is not its artifact's
        ModelVersion version = TestRegistry.withSha256(TestRegistry.copyOf("iris/1.0.0", "iris-probe-broken/1.0.0"),
                TestRegistry.WRONG_SHA256);
        TestRegistry.registerWithEndpoint(version);
        String artifact = version.artifact().uri();
        int opensBefore = store.opens(artifact);

        // WHEN it is probed until the load has failed, then 20 times more in quick succession
        Response first = given().get("/v2/models/iris-probe-broken/ready");
        Eventually.await("the load of iris-probe-broken to fail", Duration.ofSeconds(30),
                () -> !given().get("/v2/models/iris-probe-broken/ready").asString().contains("loading"));
        List<Response> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(given().get("/v2/models/iris-probe-broken/ready"));
        }

        // THEN the first says it is loading, and every later one is not ready, saying why (the artifact was
        // refused: remembered by the cache, then recorded as FAILED in the registry), never where it lives
        assertNotReady(first, "iris-probe-broken", "loading");
        for (Response response : later) {
            String message = assertNotReady(response, "iris-probe-broken", "iris-probe-broken/1.0.0");
            assertThat(message).containsAnyOf("does not match its registry entry", "which is FAILED");
            assertThat(message).doesNotContain(artifact);
        }
        // AND the artifact was fetched once: probes do not retry a refused artifact
        assertThat(store.opens(artifact) - opensBefore).as("downloads of %s", artifact).isEqualTo(1);
    }

    @Test
    void modelReady_should_answer_404_and_load_nothing_when_the_model_is_unknown() {
        // WHEN readiness of unknown names and versions is asked
        // THEN each is a JSON 404 naming what is unknown
        assertJsonError(given().get("/v2/models/no-such-model/ready"), 404, "no-such-model");
        assertJsonError(given().get("/v2/models/no-such-model/versions/1.0.0/ready"), 404, "no-such-model");
        assertJsonError(given().get("/v2/models/iris/versions/9.9.9/ready"), 404, "9.9.9");
        assertThat(engine.loads(new ModelKey("no-such-model", "1.0.0"))).isZero();
    }

    private static void assertReady(Response response, String name) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = TensorJson.parse(response.asString());
        assertThat(body.path("name").asText()).isEqualTo(name);
        assertThat(body.path("ready").isBoolean()).isTrue();
        assertThat(body.path("ready").asBoolean()).isTrue();
    }

    /** A not-ready answer: 400, JSON, the protocol's name and ready=false, and an error saying why; returns the error. */
    private static String assertNotReady(Response response, String name, String fragment) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = TensorJson.parse(response.asString());
        assertThat(body.path("name").asText()).isEqualTo(name);
        assertThat(body.path("ready").isBoolean()).isTrue();
        assertThat(body.path("ready").asBoolean()).isFalse();
        String error = body.path("error").asText();
        assertThat(error).startsWith("not ready").contains(fragment);
        return error;
    }
}
