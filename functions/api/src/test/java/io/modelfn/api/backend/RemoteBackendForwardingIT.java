package io.modelfn.api.backend;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.Eventually;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.api.testing.XRayDaemonStandIn;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.tracing.TraceContext;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Endpoints whose backend is remote: the application routes and validates, forwards the chosen
 * version to the backend with a deadline, and answers with the same API, headers and metrics. The
 * HTTP backend relays to this very application (which then runs the pinned version as the api
 * container does); the SageMaker runtime is a stub that relays {@code InvokeEndpoint} to
 * {@code /invocations} as SageMaker does. A second, separate instance is tested in functions/container.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@QuarkusTestResource(value = StubBackends.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = XRayDaemonStandIn.class, restrictToAnnotatedClass = true)
class RemoteBackendForwardingIT {

    /** A caller's W3C trace context: one trace, a new caller span per test (documents outlive tests). */
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_XRAY_TRACE = "1-4bf92f35-77b34da6a3ce929d0e0e4736";

    private static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");
    private static volatile boolean registered;

    @Inject
    CapturedMetrics metrics;

    @BeforeEach
    void endpoints() throws Exception {
        StubBackends.appPort = RestAssured.port;
        StubBackends.mode = "relay";
        StubBackends.SEEN.clear();
        if (registered) {
            return;
        }
        ModelRegistry registry = new DynamoDbModelRegistry(RegistryTestResource.client(), RegistryTestResource.TABLE,
                Clock.systemUTC());
        Change operator = Change.by("test", "remote backends");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        put(registry, "remote-http", "http:http://127.0.0.1:" + StubBackends.port() + "/gpu", operator);
        put(registry, "remote-sagemaker", "sagemaker:gpu-endpoint", operator);
        put(registry, "remote-closed", "http:http://127.0.0.1:" + closed, operator);
        Eventually.await("the remote endpoints in the snapshot", Duration.ofSeconds(10),
                () -> given().get("/v2/models/remote-closed").statusCode() == 200);
        // First use of each backend (the relayed version's load, the SageMaker client's creation) outside the
        // 1.5 s deadline of the tests, which are about forwarding: retried until it answers in time.
        for (String endpoint : List.of("remote-http", "remote-sagemaker")) {
            Eventually.await(endpoint + " answering in time", Duration.ofSeconds(60),
                    () -> infer(endpoint).statusCode() == 200);
        }
        StubBackends.SEEN.clear();
        registered = true;
    }

    private static void put(ModelRegistry registry, String name, String backend, Change change) {
        registry.putEndpoint(new EndpointConfig(name, List.of(new Variant(Variant.STABLE, IRIS, Variant.TOTAL_WEIGHT)),
                null, name, backend, 0, null), 0, change);
    }

    private static ReferenceVectors.Case reference() {
        return SampleCases.referenceCase(IRIS, "batch-of-8");
    }

    private static Response infer(String endpoint) {
        return given().contentType("application/json").header("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678")
                .body(TensorJson.write(TensorJson.oipRequest(reference().inputs(), false)))
                .post("/v2/models/" + endpoint + "/infer");
    }

    @Test
    void http_backend_should_answer_the_reference_outputs_with_the_same_headers_and_pass_on_ids() {
        // WHEN the remote endpoint is called
        Response response = infer("remote-http");

        // THEN the answer is the version's reference output, named as a local answer would be
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertMatchesReference(TensorJson.oipOutputs(TensorJson.parse(response.asString())), reference().outputs(),
                "remote-http");
        assertThat(response.header("X-ModelFn-Endpoint")).isEqualTo("remote-http");
        assertThat(response.header("X-ModelFn-Variant")).isEqualTo(Variant.STABLE);
        assertThat(response.header("X-ModelFn-Version")).isEqualTo("1.1.0");
        // a batch of 8 rows: no prediction token (feedback counts one outcome per prediction id)
        assertThat(response.header("X-ModelFn-Prediction-Token")).isNull();
        // and the backend was sent the pinned version with the request id, the trace and the loop marker
        StubBackends.Seen seen = StubBackends.SEEN.get(0);
        assertThat(seen.path()).isEqualTo("/gpu/v2/models/iris/versions/1.1.0/infer");
        assertThat(seen.header("X-Request-Id")).isEqualTo(response.header("X-Request-Id"));
        // (the caller's X-Ray trace, now with the forward span as parent: this class traces)
        assertThat(seen.header("X-Amzn-Trace-Id")).startsWith("Root=1-67891233-abcdef012345678912345678;Parent=");
        assertThat(seen.header("X-ModelFn-Forwarded")).isEqualTo("1");
    }

    @Test
    void metrics_should_count_a_forwarded_request_for_its_variant_without_cache_figures() {
        Response response = infer("remote-http");

        List<JsonNode> records = metrics.awaitRecords(response.header("X-Request-Id"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.path("Endpoint").asText()).isEqualTo("remote-http");
            assertThat(r.path("Variant").asText()).isEqualTo(Variant.STABLE);
            assertThat(r.path("Status").asInt()).isEqualTo(200);
            assertThat(r.has("CacheHit")).isFalse();
            assertThat(r.has("ModelLoadTime")).isFalse();
        });
    }

    @Test
    void a_backends_4xx_should_pass_through_with_its_message() {
        StubBackends.mode = "status:413:{\"error\":\"request body is larger than the backend's limit\"}";

        assertJsonError(infer("remote-http"), 413, "larger than the backend's limit");
    }

    @Test
    void a_backend_that_does_not_answer_in_time_should_give_504_counted_against_the_variant() {
        // GIVEN a backend slower than the 1.5 s deadline
        StubBackends.mode = "sleep:4000";

        // WHEN called
        long start = System.nanoTime();
        Response response = infer("remote-http");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        // THEN 504 at the deadline, and the server error counts for the variant that was routed to
        assertJsonError(response, 504, "did not answer in time", response.header("X-Request-Id"));
        assertThat(tookMs).isBetween(1400L, 3500L);
        assertThat(metrics.awaitRecords(response.header("X-Request-Id"))).singleElement().satisfies(r -> {
            assertThat(r.path("Variant").asText()).isEqualTo(Variant.STABLE);
            assertThat(r.path("ServerErrors").asInt()).isEqualTo(1);
        });
    }

    @Test
    void backend_failures_should_give_502_or_503_without_naming_the_backend() {
        StubBackends.mode = "status:500:{\"error\":\"internal\"}";
        String message = assertJsonError(infer("remote-http"), 502, "backend failed");
        assertThat(message).doesNotContain("127.0.0.1").doesNotContain("/gpu");

        StubBackends.mode = "status:503:{\"error\":\"loading\"}";
        assertJsonError(infer("remote-http"), 503, "not ready");

        StubBackends.mode = "garbage";
        assertJsonError(infer("remote-http"), 502, "backend failed");

        assertJsonError(infer("remote-closed"), 502, "backend failed");
    }

    @Test
    void a_request_that_was_already_forwarded_should_not_be_forwarded_again() {
        // WHEN a forwarded request reaches a front end whose endpoint is remote (a backend URL pointing back)
        Response response = given().contentType("application/json").header("X-ModelFn-Forwarded", "1")
                .body(TensorJson.write(TensorJson.oipRequest(reference().inputs(), false)))
                .post("/v2/models/remote-http/infer");

        // THEN it stops with 502 and the backend is not called
        assertJsonError(response, 502, "backend failed");
        assertThat(StubBackends.SEEN).isEmpty();
    }

    @Test
    void sagemaker_backend_should_answer_the_reference_outputs_through_invoke_endpoint() {
        // WHEN the SageMaker-backed endpoint is called
        Response response = infer("remote-sagemaker");

        // THEN the container's answer comes back as the reference outputs
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertMatchesReference(TensorJson.oipOutputs(TensorJson.parse(response.asString())), reference().outputs(),
                "remote-sagemaker");
        assertThat(response.header("X-ModelFn-Endpoint")).isEqualTo("remote-sagemaker");
        // and InvokeEndpoint named the endpoint and the protocol, model and version in the custom attributes
        StubBackends.Seen seen = StubBackends.SEEN.get(0);
        assertThat(seen.path()).isEqualTo("/endpoints/gpu-endpoint/invocations");
        assertThat(seen.header("X-Amzn-SageMaker-Custom-Attributes"))
                .startsWith("protocol=oip,model=iris,version=1.1.0,request-id=" + response.header("X-Request-Id"));
    }

    @Test
    void sagemaker_backend_should_pass_the_containers_4xx_through() {
        // GIVEN a request the container refuses (an output the model does not have)
        String body = TensorJson.write(TensorJson.oipRequest(reference().inputs(), false)
                .set("outputs", TensorJson.MAPPER.createArrayNode().add(TensorJson.MAPPER.createObjectNode()
                        .put("name", "no_such_output"))));

        // WHEN sent to the SageMaker-backed endpoint / THEN the front refuses it before forwarding (400)
        Response response = given().contentType("application/json").body(body).post("/v2/models/remote-sagemaker/infer");
        assertJsonError(response, 400, "no_such_output");
        assertThat(StubBackends.SEEN).isEmpty();

        // and a refusal by the container itself (a pinned version it does not serve) comes back with its status
        Response direct = given().contentType("application/json")
                .header("X-Amzn-SageMaker-Custom-Attributes", "protocol=oip,model=iris,version=9.9.9")
                .body(TensorJson.write(TensorJson.oipRequest(reference().inputs(), false)))
                .post("/invocations");
        assertJsonError(direct, 404, "9.9.9");
    }

    @Test
    void readiness_of_a_remote_endpoint_should_be_the_backends() {
        given().get("/v2/models/remote-http/ready").then().statusCode(200);
    }

    @Test
    void predict_function_should_forward_too() {
        String body = "{\"endpoint\":\"remote-http\",\"inputs\":{\"input\":[[5.1,3.5,1.4,0.2]]}}";

        Response response = given().contentType("application/json").body(body).post("/predict");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(StubBackends.SEEN).hasSize(1);
    }

    @Test
    void http_backend_should_be_sent_the_forward_spans_trace_context_and_continue_the_trace() {
        // WHEN a request carrying a caller's W3C trace context reaches an endpoint on an HTTP backend
        String callerSpan = TraceContext.newSpanId();
        Response response = traced("00-" + CALLER_TRACE + "-" + callerSpan + "-01", "remote-http");

        // THEN the backend is sent the caller's trace with the front end's forward span as parent, in both forms
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        StubBackends.Seen seen = StubBackends.SEEN.get(0);
        assertThat(seen.header("traceparent")).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01");
        String forwardId = seen.header("traceparent").substring(36, 52);
        assertThat(seen.header("tracestate")).isEqualTo("vendor=1");
        assertThat(seen.header("X-Amzn-Trace-Id"))
                .isEqualTo("Root=" + CALLER_XRAY_TRACE + ";Parent=" + forwardId + ";Sampled=1");
        // and the front end's segment is a child of the caller's span, with routing and that forward span
        JsonNode front = XRayDaemonStandIn.await("the front end's segment",
                d -> d.path("parent_id").asText().equals(callerSpan));
        assertThat(front.path("trace_id").asText()).isEqualTo(CALLER_XRAY_TRACE);
        assertThat(front.path("annotations").path("endpoint").asText()).isEqualTo("remote-http");
        assertThat(names(front)).containsExactly("routing", "forward");
        JsonNode forward = front.path("subsegments").get(1);
        assertThat(forward.path("id").asText()).isEqualTo(forwardId);
        assertThat(forward.path("namespace").asText()).isEqualTo("remote");
        // and the backend (the relayed request) continues the trace under the forward span
        JsonNode backend = XRayDaemonStandIn.await("the backend's segment",
                d -> d.path("parent_id").asText().equals(forwardId));
        assertThat(backend.path("trace_id").asText()).isEqualTo(CALLER_XRAY_TRACE);
        assertThat(backend.path("annotations").path("model").asText()).isEqualTo("iris");
        assertThat(backend.path("annotations").path("version").asText()).isEqualTo("1.1.0");
        assertThat(names(backend)).contains("routing", "inference");
        assertThat(backend.path("http").path("response").path("status").asInt()).isEqualTo(200);
        assertThat(backend.path("end_time").asDouble()).isBetween(forward.path("start_time").asDouble(),
                forward.path("end_time").asDouble());
        assertNoPayload(front, backend);
    }

    @Test
    void sagemaker_backend_should_be_sent_the_trace_in_its_custom_attributes_and_continue_it() {
        // WHEN a traced request reaches an endpoint on a SageMaker backend
        String callerSpan = TraceContext.newSpanId();
        Response response = traced("00-" + CALLER_TRACE + "-" + callerSpan + "-01", "remote-sagemaker");

        // THEN InvokeEndpoint carries the forward span as a traceparent custom attribute and as X-Ray's header
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        StubBackends.Seen seen = StubBackends.SEEN.get(0);
        String attributes = seen.header("X-Amzn-SageMaker-Custom-Attributes");
        assertThat(attributes).containsPattern(",traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$");
        String forwardId = attributes.substring(attributes.length() - 19, attributes.length() - 3);
        assertThat(seen.header("X-Amzn-Trace-Id"))
                .isEqualTo("Root=" + CALLER_XRAY_TRACE + ";Parent=" + forwardId + ";Sampled=1");
        JsonNode front = XRayDaemonStandIn.await("the front end's segment",
                d -> d.path("parent_id").asText().equals(callerSpan));
        JsonNode forward = front.path("subsegments").get(1);
        assertThat(forward.path("id").asText()).isEqualTo(forwardId);
        assertThat(forward.path("namespace").asText()).isEqualTo("aws");
        // and the container behind /invocations continues the trace from the custom attribute
        JsonNode container = XRayDaemonStandIn.await("the container's segment",
                d -> d.path("parent_id").asText().equals(forwardId));
        assertThat(container.path("trace_id").asText()).isEqualTo(CALLER_XRAY_TRACE);
        assertThat(names(container)).contains("routing", "inference");
        assertNoPayload(front, container);
    }

    @Test
    void a_backends_failure_should_be_a_fault_on_the_request_and_forward_spans() {
        StubBackends.mode = "status:500:{\"error\":\"internal\"}";
        String callerSpan = TraceContext.newSpanId();

        assertJsonError(traced("00-" + CALLER_TRACE + "-" + callerSpan + "-01", "remote-http"), 502, "backend failed");

        JsonNode front = XRayDaemonStandIn.await("the failed request's segment",
                d -> d.path("parent_id").asText().equals(callerSpan));
        assertThat(front.path("fault").asBoolean()).isTrue();
        assertThat(front.path("http").path("response").path("status").asInt()).isEqualTo(502);
        assertThat(front.path("subsegments").get(1).path("fault").asBoolean()).isTrue();
    }

    @Test
    void a_trace_header_that_does_not_parse_should_be_ignored_and_the_request_start_a_trace() {
        int before = XRayDaemonStandIn.documents().size();

        Response response = traced("00-not-a-valid-header", "remote-http");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        String traceparent = StubBackends.SEEN.get(0).header("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String trace = "1-" + traceparent.substring(3, 11) + "-" + traceparent.substring(11, 35);
        JsonNode front = XRayDaemonStandIn.await("the new trace's front segment",
                d -> d.path("trace_id").asText().equals(trace) && !d.has("parent_id"));
        assertThat(names(front)).containsExactly("routing", "forward");
        assertThat(XRayDaemonStandIn.documents().size()).isGreaterThan(before);
        assertThat(XRayDaemonStandIn.malformed()).isEmpty();
    }

    private static Response traced(String traceparent, String endpoint) {
        return given().contentType("application/json").header("traceparent", traceparent)
                .header("tracestate", "vendor=1")
                .body(TensorJson.write(TensorJson.oipRequest(reference().inputs(), false)))
                .post("/v2/models/" + endpoint + "/infer");
    }

    private static List<String> names(JsonNode document) {
        List<String> names = new java.util.ArrayList<>();
        document.path("subsegments").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    /** No run of input values, and no tensor field, in any document. */
    private static void assertNoPayload(JsonNode... documents) {
        List<String> values = new java.util.ArrayList<>();
        TensorJson.oipRequest(reference().inputs(), false).path("inputs").get(0).path("data")
                .forEach(v -> collectLeaves(v, values));
        String firstValues = String.join(",", values.subList(0, 3));
        for (JsonNode document : documents) {
            assertThat(document.toString()).doesNotContain("\"data\"").doesNotContain("\"inputs\"")
                    .doesNotContain(firstValues);
        }
    }

    private static void collectLeaves(JsonNode node, List<String> values) {
        if (node.isArray()) {
            node.forEach(child -> collectLeaves(child, values));
        } else {
            values.add(node.asText());
        }
    }
}
