package io.modelfn.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.Variant;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metrics contract as the HTTP application keeps it: exactly one CloudWatch embedded-metric-format
 * record per prediction request, whatever protocol it came by and however it ended, and none for
 * health and metadata calls. Requests are told apart by their {@code X-Request-Id}, which every
 * record carries as {@code RequestId}.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class MetricsRecordsIT {

    private static final String IRIS_OIP = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";

    @Inject
    CapturedMetrics metrics;

    @Test
    void oipInfer_should_write_one_record_when_prediction_succeeds() {
        // GIVEN a request id to find the record by
        String requestId = newRequestId();

        // WHEN an inference is answered
        Response response = request(requestId).contentType("application/json").body(IRIS_OIP).post("/v2/models/iris/infer");

        // THEN exactly one record describes it
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = onlyRecord(requestId);
        assertContract(record);
        assertDimensions(record, "iris", "stable", "iris", "1.1.0");
        assertCounts(record, 0, 0, 200);
        assertThat(record.path(MetricsContract.INFERENCE_LATENCY).isNumber()).isTrue();
        assertThat(record.path(MetricsContract.CACHE_HIT).asInt() + record.path(MetricsContract.CACHE_MISS).asInt()).isEqualTo(1);
    }

    @Test
    void oipInfer_should_record_pinned_variant_when_version_is_pinned() {
        String requestId = newRequestId();

        Response response = request(requestId).contentType("application/json").body(IRIS_OIP)
                .post("/v2/models/iris/versions/1.0.0/infer");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode record = onlyRecord(requestId);
        assertDimensions(record, "iris", "pinned", "iris", "1.0.0");
        assertCounts(record, 0, 0, 200);
    }

    @Test
    void sageMakerInvocations_should_write_one_record_when_prediction_succeeds() {
        String requestId = newRequestId();

        Response response = request(requestId).contentType("text/csv").header("X-ModelFn-Endpoint", "digits")
                .body("0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,"
                        + "0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0\n")
                .post("/invocations");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode record = onlyRecord(requestId);
        assertContract(record);
        assertDimensions(record, "digits", "stable", "digits", "1.0.0");
        assertCounts(record, 0, 0, 200);
    }

    @Test
    void predictFunction_should_write_one_record_when_prediction_succeeds() {
        String requestId = newRequestId();

        Response response = request(requestId).contentType("application/json")
                .body("{\"endpoint\":\"diabetes\",\"inputs\":[[0.038,0.050,0.061,0.021,-0.044,-0.034,-0.043,-0.002,0.019,-0.017]]}")
                .post("/predict");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode record = onlyRecord(requestId);
        assertContract(record);
        assertDimensions(record, "diabetes", "stable", "diabetes", "1.0.0");
        assertCounts(record, 0, 0, 200);
    }

    @Test
    void oipInfer_should_record_client_error_when_input_is_invalid() {
        // GIVEN a request whose shape iris refuses
        String requestId = newRequestId();

        // WHEN it is refused
        Response response = request(requestId).contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[5.1,3.5,1.4]}]}")
                .post("/v2/models/iris/infer");

        // THEN its one record counts a client error for the variant and version it was routed to; no model ran
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode record = onlyRecord(requestId);
        assertContract(record);
        ModelKey served = SampleCases.servedVersion("iris");
        assertDimensions(record, "iris", Variant.STABLE, served.name(), served.version());
        assertThat(record.has("CacheHit")).isFalse();
        assertCounts(record, 1, 0, 400);
    }

    @Test
    void oipInfer_should_record_unknown_endpoint_when_endpoint_does_not_exist() {
        // GIVEN a request for an endpoint nobody registered
        String requestId = newRequestId();

        // WHEN it is refused with 404
        Response response = request(requestId).contentType("application/json").body(IRIS_OIP)
                .post("/v2/models/made-up-endpoint/infer");

        // THEN the record says "unknown", so request paths cannot mint metric dimensions
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode record = onlyRecord(requestId);
        assertContract(record);
        assertDimensions(record, MetricsContract.UNKNOWN, MetricsContract.NONE, MetricsContract.NONE, MetricsContract.NONE);
        assertCounts(record, 1, 0, 404);
        assertThat(metrics.lines()).noneMatch(line -> line.contains("made-up-endpoint"));
    }

    @Test
    void sageMakerInvocations_should_record_unknown_endpoint_when_endpoint_does_not_exist() {
        String requestId = newRequestId();

        Response response = request(requestId).contentType("application/json").header("X-ModelFn-Endpoint", "made-up-too")
                .body("{\"instances\":[[5.1,3.5,1.4,0.2]]}").post("/invocations");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode record = onlyRecord(requestId);
        assertDimensions(record, MetricsContract.UNKNOWN, MetricsContract.NONE, MetricsContract.NONE, MetricsContract.NONE);
        assertCounts(record, 1, 0, 404);
    }

    @Test
    void predictFunction_should_record_unknown_endpoint_when_endpoint_does_not_exist() {
        String requestId = newRequestId();

        Response response = request(requestId).contentType("application/json")
                .body("{\"endpoint\":\"made-up-three\",\"inputs\":[[5.1,3.5,1.4,0.2]]}").post("/predict");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode record = onlyRecord(requestId);
        assertDimensions(record, MetricsContract.UNKNOWN, MetricsContract.NONE, MetricsContract.NONE, MetricsContract.NONE);
        assertCounts(record, 1, 0, 404);
    }

    @Test
    void oipInfer_should_record_server_error_when_model_cannot_be_loaded() {
        // GIVEN an endpoint whose version's artifact does not match its registered digest
        TestRegistry.registerWithEndpoint(TestRegistry.withSha256(
                TestRegistry.copyOf("iris/1.0.0", "iris-metrics-broken/1.0.0"), TestRegistry.WRONG_SHA256));
        String requestId = newRequestId();

        // WHEN a request to it fails with 503
        Response response = request(requestId).contentType("application/json").body(IRIS_OIP)
                .post("/v2/models/iris-metrics-broken/infer");

        // THEN its one record counts a server error on that endpoint
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode record = onlyRecord(requestId);
        assertContract(record);
        assertThat(record.path(MetricsContract.ENDPOINT).asText()).isEqualTo("iris-metrics-broken");
        assertCounts(record, 0, 1, 503);
    }

    static Stream<String> nonPredictionCalls() {
        return Stream.of("GET /v2", "GET /v2/health/live", "GET /v2/health/ready", "GET /v2/models/iris",
                "GET /v2/models/iris/versions/1.0.0", "GET /v2/models/iris/ready", "GET /v2/models/iris/versions/1.1.0/ready",
                "GET /ping", "GET /q/openapi", "GET /no-such-route", "GET /v2/models/iris/infer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonPredictionCalls")
    void nonPredictionCall_should_write_no_record(String call) {
        // GIVEN a call that asks for no prediction (health, metadata, documents, routing errors)
        String requestId = newRequestId();
        String[] methodAndPath = call.split(" ", 2);

        // WHEN it is answered
        Response response = request(requestId).request(methodAndPath[0], methodAndPath[1]);

        // THEN no metrics record mentions it
        assertThat(response.statusCode()).isPositive();
        assertThat(metrics.recordsAfterSettling(requestId)).isEmpty();
    }

    @Test
    void records_should_each_be_one_line_of_json_when_many_predictions_run() {
        // GIVEN predictions of three protocols in a row
        List<String> ids = new ArrayList<>();
        List<Function<RequestSpecification, Response>> calls = List.of(
                spec -> spec.contentType("application/json").body(IRIS_OIP).post("/v2/models/iris/infer"),
                spec -> spec.contentType("application/json").body("{\"instances\":[[5.1,3.5,1.4,0.2]]}").post("/invocations"),
                spec -> spec.contentType("application/json").body("{\"endpoint\":\"iris\",\"inputs\":[[5.1,3.5,1.4,0.2]]}")
                        .post("/predict"));

        // WHEN they are answered
        for (var call : calls) {
            String id = newRequestId();
            ids.add(id);
            assertThat(call.apply(request(id)).statusCode()).isEqualTo(200);
        }

        // THEN each has exactly one record, on one line
        for (String id : ids) {
            assertThat(metrics.awaitRecords(id)).hasSize(1);
        }
        assertThat(metrics.lines()).allMatch(line -> !line.contains("\n"));
    }

    // ------------------------------------------------------------------ helpers

    private static String newRequestId() {
        return "metrics-" + UUID.randomUUID();
    }

    private static RequestSpecification request(String requestId) {
        return given().header("X-Request-Id", requestId);
    }

    private JsonNode onlyRecord(String requestId) {
        List<JsonNode> records = metrics.awaitRecords(requestId);
        assertThat(records).as("records of request %s", requestId).hasSize(1);
        return records.get(0);
    }

    /** The EMF envelope: namespace, the contract's three dimension sets, and a unit for every metric. */
    private static void assertContract(JsonNode record) {
        JsonNode directive = record.path("_aws").path("CloudWatchMetrics");
        assertThat(directive.size()).isEqualTo(1);
        assertThat(record.path("_aws").path("Timestamp").isNumber()).isTrue();
        assertThat(directive.get(0).path("Namespace").asText()).isEqualTo(MetricsContract.NAMESPACE);
        List<List<String>> dimensionSets = new ArrayList<>();
        directive.get(0).path("Dimensions").forEach(set -> {
            List<String> names = new ArrayList<>();
            set.forEach(name -> names.add(name.asText()));
            dimensionSets.add(names);
        });
        assertThat(dimensionSets).isEqualTo(MetricsContract.DIMENSION_SETS);
        List<String> metricNames = new ArrayList<>();
        directive.get(0).path("Metrics").forEach(metric -> {
            metricNames.add(metric.path("Name").asText());
            assertThat(metric.path("Unit").asText()).isIn(MetricsContract.COUNT, MetricsContract.MILLISECONDS,
                    MetricsContract.NONE_UNIT);
            assertThat(record.path(metric.path("Name").asText()).isNumber())
                    .as("value of metric %s", metric.path("Name").asText()).isTrue();
        });
        assertThat(metricNames).contains(MetricsContract.REQUESTS, MetricsContract.CLIENT_ERRORS,
                MetricsContract.SERVER_ERRORS, MetricsContract.LATENCY);
    }

    private static void assertDimensions(JsonNode record, String endpoint, String variant, String model, String version) {
        assertThat(record.path(MetricsContract.ENDPOINT).asText()).isEqualTo(endpoint);
        assertThat(record.path(MetricsContract.VARIANT).asText()).isEqualTo(variant);
        assertThat(record.path(MetricsContract.MODEL).asText()).isEqualTo(model);
        assertThat(record.path(MetricsContract.VERSION).asText()).isEqualTo(version);
    }

    private static void assertCounts(JsonNode record, int clientErrors, int serverErrors, int status) {
        assertThat(record.path(MetricsContract.REQUESTS).asInt()).isEqualTo(1);
        assertThat(record.path(MetricsContract.CLIENT_ERRORS).asInt()).isEqualTo(clientErrors);
        assertThat(record.path(MetricsContract.SERVER_ERRORS).asInt()).isEqualTo(serverErrors);
        assertThat(record.path(MetricsContract.LATENCY).isNumber()).isTrue();
        assertThat(record.path(MetricsContract.LATENCY).asDouble()).isNotNegative();
        assertThat(record.path("Status").asInt()).isEqualTo(status);
    }
}
