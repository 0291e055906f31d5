package io.modelfn.container;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import io.modelfn.core.tracing.TraceContext;
import io.modelfn.inference.store.LocalFolderModelStore;
import io.modelfn.registry.dynamodb.DynamoDbLocalServer;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.modelfn.registry.dynamodb.RegistrySeeder;
import io.modelfn.registry.dynamodb.RegistryTableSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container as a remote backend, end to end with separate instances of the packaged
 * application: a <b>front</b> (forwarding on, as the Lambda function runs) and a <b>backend</b>
 * (forwarding off, as the image runs), sharing a registry in DynamoDB Local and a model folder.
 * Endpoints name the backend as {@code http:<url>}, or {@code sagemaker:<endpoint>} through a stub of
 * the SageMaker runtime in front of the backend. A third instance with a tiny body limit gives a
 * backend 4xx; a socket that accepts and never answers gives the timeout.
 */
class ContainerBackendIT {

    private static final String TABLE = "modelfn-container-it";
    private static final ModelKey DIGITS = ModelKey.parse("digits/1.0.0");
    private static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");

    private static DynamoDbLocalServer dynamo;
    private static ContainerProcess backend;
    private static ContainerProcess strictBackend;
    private static ContainerProcess front;
    private static SageMakerRuntimeStub sageMaker;
    private static ServerSocket blackHole;
    private static XRayDaemon xray;
    private static final List<Socket> HELD = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path appDir = Path.of(System.getProperty("container.app.dir"));
        Path work = Files.createTempDirectory("modelfn-container-it");
        Path logs = Path.of(System.getProperty("container.app.dir")).getParent().resolve("container-it");
        Path bucket = copyOfModels(work.resolve("bucket"));

        dynamo = DynamoDbLocalServer.start();
        RegistryTableSchema.createTable(dynamo.client(), TABLE);
        new RegistrySeeder(dynamo.client(), TABLE, Clock.systemUTC()).seed(SampleModels.root(),
                LocalFolderModelStore::locationOf);

        Map<String, String> common = new HashMap<>();
        common.put("MODELFN_REGISTRY_TABLE", TABLE);
        common.put("MODELFN_REGISTRY_REFRESH_INTERVAL", "300ms");
        common.put("MODELFN_AWS_DYNAMODB_ENDPOINT", dynamo.endpoint());
        common.put("MODELFN_AWS_REGION", "us-east-1");
        common.put("MODELFN_STORE_TYPE", "local");
        common.put("MODELFN_STORE_LOCAL_ROOT", bucket.toString());
        common.put("MODELFN_METRICS_EMF", "false");
        common.put("MODELFN_ONNX_INTRA_OP_THREADS", "1");
        // Every instance traces to one stand-in daemon, as the X-Ray daemon beside each task would receive them.
        xray = XRayDaemon.start();
        common.put("AWS_XRAY_DAEMON_ADDRESS", xray.address());

        backend = ContainerProcess.start("backend", appDir, logs, with(common,
                "MODELFN_CACHE_DIR", work.resolve("backend-cache").toString(),
                // every request logged (successes are not by default), so a test can see which instance ran it
                "MODELFN_HTTP_REQUEST_LOG_SAMPLE_RATE", "1"));
        strictBackend = ContainerProcess.start("strict-backend", appDir, logs, with(common,
                "MODELFN_CACHE_DIR", work.resolve("strict-cache").toString(),
                "MODELFN_HTTP_MAX_BODY_SIZE", "64"));
        backend.awaitReady(Duration.ofSeconds(90));
        strictBackend.awaitReady(Duration.ofSeconds(90));

        sageMaker = new SageMakerRuntimeStub(backend.url());
        blackHole = new ServerSocket(0);
        Thread.ofVirtual().start(ContainerBackendIT::holdConnections);

        var registry = new DynamoDbModelRegistry(dynamo.client(), TABLE, Clock.systemUTC());
        Change operator = Change.by("it", "remote backends");
        put(registry, "digits-gpu", DIGITS, "http:" + backend.url(), operator);
        put(registry, "iris-gpu", IRIS, "http:" + backend.url(), operator);
        put(registry, "iris-strict", IRIS, "http:" + strictBackend.url(), operator);
        put(registry, "iris-slow", IRIS, "http:http://127.0.0.1:" + blackHole.getLocalPort(), operator);
        put(registry, "digits-sagemaker", DIGITS, "sagemaker:gpu-endpoint", operator);

        front = ContainerProcess.start("front", appDir, logs, with(common,
                "MODELFN_CACHE_DIR", work.resolve("front-cache").toString(),
                // nothing loaded at start, so the test can show the front never loads what it forwards
                "MODELFN_CACHE_PRELOAD_ROUTED", "false",
                "MODELFN_BACKEND_FORWARD", "true",
                "MODELFN_BACKEND_TIMEOUT", "1s",
                "MODELFN_AWS_SAGEMAKER_RUNTIME_ENDPOINT", sageMaker.url()));
        front.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws IOException {
        for (AutoCloseable closeable : new AutoCloseable[] {front, backend, strictBackend, sageMaker, blackHole, dynamo,
                xray}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
        for (Socket socket : HELD) {
            socket.close();
        }
    }

    private static void holdConnections() {
        while (!blackHole.isClosed()) {
            try {
                HELD.add(blackHole.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static void put(DynamoDbModelRegistry registry, String name, ModelKey version, String backendText,
            Change change) {
        registry.putEndpoint(new EndpointConfig(name, List.of(new Variant(Variant.STABLE, version, Variant.TOTAL_WEIGHT)),
                null, name, backendText, 0, null), 0, change);
    }

    private static Path copyOfModels(Path target) throws IOException {
        for (ModelKey key : SampleModels.versions()) {
            Path file = target.resolve(key.name()).resolve(key.version()).resolve("model.onnx");
            Files.createDirectories(file.getParent());
            Files.copy(SampleModels.modelFile(key), file);
        }
        return target;
    }

    private static ReferenceVectors.Case batch(ModelKey key) {
        return SampleModels.reference(key).cases().stream().filter(c -> c.name().startsWith("batch")).findFirst()
                .orElseThrow();
    }

    private static String body(ReferenceVectors.Case reference) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("inputs", reference.json().path("inputs"));
        return body.toString();
    }

    /** Infers on the front until the endpoint is in its registry snapshot (it refreshes every 300 ms). */
    private static HttpResponse<String> inferOnFront(String endpoint, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response = front.post("/v2/models/" + endpoint + "/infer", body);
        while (response.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = front.post("/v2/models/" + endpoint + "/infer", body);
        }
        return response;
    }

    private static String error(HttpResponse<String> response) throws IOException {
        JsonNode node = Json.MAPPER.readTree(response.body());
        return node.path("error").asText();
    }

    @Test
    void front_should_answer_the_reference_outputs_computed_by_the_http_backend() throws Exception {
        // GIVEN the digits reference batch
        ReferenceVectors.Case reference = batch(DIGITS);

        // WHEN the front is asked on the endpoint whose backend is the other instance
        HttpResponse<String> response = inferOnFront("digits-gpu", body(reference));

        // THEN the answer is the reference, named as the front's endpoint and variant
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertMatchesReference(new OipCodec().decodeInferResponse(response.body().getBytes()), reference.outputs(),
                "digits-gpu via http backend");
        assertThat(response.headers().firstValue("X-ModelFn-Endpoint")).contains("digits-gpu");
        assertThat(response.headers().firstValue("X-ModelFn-Variant")).contains(Variant.STABLE);
        // and the backend ran it (its log has the front's request id), while the front never loaded digits
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(backend.log()).contains(requestId);
        assertThat(front.get("/v2/models/digits/versions/1.0.0/ready").statusCode()).isEqualTo(400);
        assertThat(backend.get("/v2/models/digits/versions/1.0.0/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void front_should_answer_the_reference_outputs_through_sagemaker_invoke_endpoint() throws Exception {
        ReferenceVectors.Case reference = batch(DIGITS);

        HttpResponse<String> response = inferOnFront("digits-sagemaker", body(reference));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertMatchesReference(new OipCodec().decodeInferResponse(response.body().getBytes()), reference.outputs(),
                "digits-sagemaker via InvokeEndpoint");
        assertThat(response.headers().firstValue("X-ModelFn-Endpoint")).contains("digits-sagemaker");
    }

    @Test
    void a_backend_4xx_should_pass_through_the_front() throws Exception {
        // WHEN the backend refuses the forwarded body (its limit is 64 bytes)
        HttpResponse<String> response = inferOnFront("iris-strict", body(batch(IRIS)));

        // THEN the caller gets the backend's status and message
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(error(response)).contains("larger than");
    }

    @Test
    void a_backend_that_does_not_answer_should_give_504_at_the_deadline() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = inferOnFront("iris-slow", body(batch(IRIS)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(error(response)).contains("did not answer in time");
        assertThat(tookMs).isBetween(900L, 5000L);
    }

    @Test
    void both_instances_should_serve_the_container_contract() throws Exception {
        assertThat(backend.get("/ping").statusCode()).isEqualTo(200);
        assertThat(front.get("/ping").statusCode()).isEqualTo(200);
        // the backend serves what it is sent, and never forwards: iris-gpu there runs in-process
        HttpResponse<String> direct = backend.post("/v2/models/iris/versions/1.1.0/infer", body(batch(IRIS)));
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        assertMatchesReference(new OipCodec().decodeInferResponse(direct.body().getBytes()), batch(IRIS).outputs(),
                "iris on the backend");
    }

    @Test
    void backend_should_continue_the_fronts_trace_over_http_and_through_sagemaker() throws Exception {
        for (String endpoint : List.of("iris-gpu", "digits-sagemaker")) {
            // GIVEN a caller's W3C trace context
            String callerSpan = TraceContext.newSpanId();
            String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-" + callerSpan + "-01";
            ModelKey key = endpoint.startsWith("iris") ? IRIS : DIGITS;
            String body = body(batch(key));
            // (first use of a backend, the SageMaker client's creation included, may take longer than the 1 s deadline)
            HttpResponse<String> warm = inferOnFront(endpoint, body);
            for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    warm.statusCode() == 504 && System.nanoTime() < deadline; ) {
                warm = inferOnFront(endpoint, body);
            }
            assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);

            // WHEN the front forwards a request carrying it
            HttpResponse<String> response = front.post("/v2/models/" + endpoint + "/infer", body,
                    "traceparent", caller);

            // THEN the front's segment is the caller's child, and its forward span is the backend's parent
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode frontSegment = xray.await(endpoint + ": the front's segment",
                    d -> d.path("parent_id").asText().equals(callerSpan));
            assertThat(frontSegment.path("trace_id").asText()).isEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
            JsonNode forward = null;
            for (JsonNode child : frontSegment.path("subsegments")) {
                if (child.path("name").asText().equals("forward")) {
                    forward = child;
                }
            }
            assertThat(forward).as(frontSegment.toString()).isNotNull();
            String forwardId = forward.path("id").asText();
            JsonNode backendSegment = xray.await(endpoint + ": the backend's segment",
                    d -> d.path("parent_id").asText().equals(forwardId));
            assertThat(backendSegment.path("trace_id").asText()).isEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
            assertThat(backendSegment.path("annotations").path("model").asText()).isEqualTo(key.name());
            assertThat(backendSegment.toString()).contains("\"inference\"").doesNotContain("\"inputs\"");
        }
    }
}
