package io.modelfn.api.sagemaker;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.modelfn.core.testkit.TensorAssertions.assertMatches;
import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SageMaker inference container contract ({@code GET /ping}, {@code POST /invocations}): every
 * sample endpoint answers its reference vectors whether the examples come as JSON instances, JSON
 * inputs or CSV rows, and answers in JSON or CSV as the client accepts.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class SageMakerContractIT {

    private static final String ENDPOINT_HEADER = "X-ModelFn-Endpoint";

    static Stream<Arguments> everyEndpointAndCase() {
        return SampleCases.everyEndpointAndCase();
    }

    static Stream<String> endpoints() {
        return SampleCases.servedVersions().keySet().stream();
    }

    @Test
    void ping_should_answer_200_when_ready() {
        // WHEN the platform pings the container
        Response response = given().get("/ping");

        // THEN it is healthy
        assertThat(response.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ reference vectors, every request format

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void invocations_should_match_reference_when_instances_are_flat_rows(String endpoint, String caseName) {
        // GIVEN the reference inputs as one flat row per example (64 pixels per digit image)
        Tensor input = onlyInput(endpoint, caseName);
        ObjectNode body = TensorJson.MAPPER.createObjectNode().set("instances", TensorJson.flatRows(input));

        // WHEN they are sent as instances
        Response response = invoke(endpoint, "application/json", TensorJson.write(body));

        // THEN the predictions are the reference outputs
        assertPredictionsMatchReference(response, endpoint, caseName);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void invocations_should_match_reference_when_instances_are_nested_by_shape(String endpoint, String caseName) {
        // GIVEN the reference inputs nested by the signature's shape ([1][8][8] per digit image)
        Tensor input = onlyInput(endpoint, caseName);
        ObjectNode body = TensorJson.MAPPER.createObjectNode().set("instances", TensorJson.nested(input));

        // WHEN they are sent as instances
        Response response = invoke(endpoint, "application/json", TensorJson.write(body));

        // THEN the predictions are the reference outputs
        assertPredictionsMatchReference(response, endpoint, caseName);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void invocations_should_match_reference_when_inputs_name_the_batch(String endpoint, String caseName) {
        // GIVEN the reference batch under the input's name, nested by shape
        Tensor input = onlyInput(endpoint, caseName);
        ObjectNode inputs = TensorJson.MAPPER.createObjectNode().set(input.name(), TensorJson.nested(input));
        ObjectNode body = TensorJson.MAPPER.createObjectNode().set("inputs", inputs);

        // WHEN it is sent as inputs
        Response response = invoke(endpoint, "application/json", TensorJson.write(body));

        // THEN the predictions are the reference outputs
        assertPredictionsMatchReference(response, endpoint, caseName);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void invocations_should_match_reference_when_inputs_are_flat_rows(String endpoint, String caseName) {
        // GIVEN the reference batch as one array of flat rows
        Tensor input = onlyInput(endpoint, caseName);
        ObjectNode body = TensorJson.MAPPER.createObjectNode().set("inputs", TensorJson.flatRows(input));

        // WHEN it is sent as inputs
        Response response = invoke(endpoint, "application/json", TensorJson.write(body));

        // THEN the predictions are the reference outputs
        assertPredictionsMatchReference(response, endpoint, caseName);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void invocations_should_match_reference_when_body_is_csv(String endpoint, String caseName) {
        // GIVEN the reference inputs as CSV, one example per line
        String csv = TensorJson.csvRows(onlyInput(endpoint, caseName));

        // WHEN they are sent as text/csv
        Response response = invoke(endpoint, "text/csv", csv);

        // THEN the predictions are the reference outputs
        assertPredictionsMatchReference(response, endpoint, caseName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void invocations_should_answer_csv_when_client_accepts_only_csv(String endpoint) {
        // GIVEN the batch reference case
        ModelKey served = SampleCases.servedVersion(endpoint);
        ReferenceVectors.Case reference = SampleCases.referenceCase(served, "batch-of-8");
        String csv = TensorJson.csvRows(onlyInput(endpoint, "batch-of-8"));

        // WHEN the client accepts text/csv
        Response response = given().contentType("text/csv").accept("text/csv").header(ENDPOINT_HEADER, endpoint)
                .body(csv).post("/invocations");

        // THEN one line per example: the label of classifiers, the values of a regressor
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        assertThat(response.asString().lines().toList()).hasSize(8);
        if (reference.outputs().containsKey("label")) {
            Tensor labels = TensorJson.fromCsv("label", DataType.INT64, response.asString());
            assertMatches(Tensor.ofLongs("label", new long[] {labels.size()}, labels.longs()),
                    reference.outputs().get("label"), endpoint + " csv labels");
        } else {
            Tensor expected = reference.outputs().values().iterator().next();
            assertMatches(TensorJson.fromCsv(expected.name(), DataType.FP32, response.asString()), expected,
                    endpoint + " csv values");
        }
    }

    // ------------------------------------------------------------------ choosing the endpoint

    @Test
    void invocations_should_serve_endpoint_named_in_custom_attributes() {
        // GIVEN a digits image, and no endpoint header
        String body = "{\"instances\":" + TensorJson.write(TensorJson.flatRows(onlyInput("digits", "single"))) + "}";

        // WHEN the endpoint comes in SageMaker's custom attributes, among others
        Response response = given().contentType("application/json")
                .header("X-Amzn-SageMaker-Custom-Attributes", "trace=abc, endpoint=digits")
                .body(body).post("/invocations");

        // THEN digits answers
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.header("X-ModelFn-Endpoint")).isEqualTo("digits");
        assertThat(response.header("X-ModelFn-Model")).isEqualTo("digits");
        assertThat(response.jsonPath().getString("model")).isEqualTo("digits");
    }

    @Test
    void invocations_should_serve_configured_endpoint_when_request_names_none() {
        // GIVEN modelfn.sagemaker.endpoint=iris, and a request that names no endpoint
        // WHEN it is sent
        Response response = given().contentType("application/json").body("{\"instances\":[[5.1,3.5,1.4,0.2]]}")
                .post("/invocations");

        // THEN iris answers
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.header("X-ModelFn-Endpoint")).isEqualTo("iris");
        assertThat(response.jsonPath().getString("predictions[0].class")).isEqualTo("setosa");
    }

    @Test
    void invocations_should_serve_pinned_version_when_version_header_is_set() {
        // WHEN a request pins iris 1.0.0 by header
        Response response = given().contentType("application/json").header(ENDPOINT_HEADER, "iris")
                .header("X-ModelFn-Version", "1.0.0").body("{\"instances\":[[5.1,3.5,1.4,0.2]]}").post("/invocations");

        // THEN 1.0.0 answers, as a pinned request
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("version")).isEqualTo("1.0.0");
        assertThat(response.jsonPath().getString("variant")).isEqualTo("pinned");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void invocations_should_answer_415_when_content_type_is_xml() {
        // WHEN an XML body is sent
        Response response = given().contentType("application/xml").header(ENDPOINT_HEADER, "iris")
                .body("<instances><instance>5.1,3.5,1.4,0.2</instance></instances>").post("/invocations");

        // THEN 415 says what is supported
        assertJsonError(response, 415, "application/json", "text/csv");
    }

    @Test
    void invocations_should_answer_406_when_client_accepts_only_xml() {
        // WHEN the client accepts only XML
        Response response = given().contentType("application/json").accept("application/xml").header(ENDPOINT_HEADER, "iris")
                .body("{\"instances\":[[5.1,3.5,1.4,0.2]]}").post("/invocations");

        // THEN 406 says what can be produced
        assertJsonError(response, 406, "application/json", "text/csv");
    }

    @Test
    void invocations_should_answer_404_when_endpoint_is_unknown() {
        // WHEN the header names an endpoint nobody registered
        Response response = given().contentType("application/json").header(ENDPOINT_HEADER, "no-such-endpoint")
                .body("{\"instances\":[[5.1,3.5,1.4,0.2]]}").post("/invocations");

        // THEN 404 names it
        assertJsonError(response, 404, "no-such-endpoint");
    }

    static Stream<Arguments> clientMistakes() {
        return Stream.of(
                Arguments.of("invalid JSON", "application/json", "{\"instances\": [", "invalid JSON"),
                Arguments.of("unknown field", "application/json", "{\"instance\": [[5.1,3.5,1.4,0.2]]}", "unknown field 'instance'"),
                Arguments.of("both instances and inputs", "application/json",
                        "{\"instances\": [[5.1,3.5,1.4,0.2]], \"inputs\": [[5.1,3.5,1.4,0.2]]}", "exactly one"),
                Arguments.of("empty instances", "application/json", "{\"instances\": []}", "non-empty"),
                Arguments.of("wrong row width", "application/json", "{\"instances\": [[5.1,3.5,1.4]]}", "[-1, 4]"),
                Arguments.of("unknown input", "application/json", "{\"inputs\": {\"pixels\": [[5.1,3.5,1.4,0.2]]}}", "unknown input 'pixels'"),
                Arguments.of("text in CSV", "text/csv", "5.1,3.5,abc,0.2\n", "row 1, column 3"),
                Arguments.of("ragged CSV", "text/csv", "5.1,3.5,1.4,0.2\n5.1,3.5\n", "line 2"),
                Arguments.of("empty CSV", "text/csv", "\n", "no rows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientMistakes")
    void invocations_should_answer_400_with_json_error_when_client_makes_a_mistake(String mistake, String contentType,
            String body, String message) {
        // WHEN a body with a client mistake is sent
        Response response = given().contentType(contentType).header(ENDPOINT_HEADER, "iris").body(body).post("/invocations");

        // THEN 400 says what is wrong
        assertJsonError(response, 400, message);
    }

    // ------------------------------------------------------------------ helpers

    private static Response invoke(String endpoint, String contentType, String body) {
        return given().contentType(contentType).header(ENDPOINT_HEADER, endpoint).body(body).post("/invocations");
    }

    private static Tensor onlyInput(String endpoint, String caseName) {
        ReferenceVectors.Case reference = SampleCases.referenceCase(SampleCases.servedVersion(endpoint), caseName);
        assertThat(reference.inputs()).hasSize(1);
        return reference.inputs().values().iterator().next();
    }

    /** {"predictions": [one object per example], "model", "version", "variant"} matching the reference. */
    private static void assertPredictionsMatchReference(Response response, String endpoint, String caseName) {
        ModelKey served = SampleCases.servedVersion(endpoint);
        ReferenceVectors.Case reference = SampleCases.referenceCase(served, caseName);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(answer.path("model").asText()).isEqualTo(served.name());
        assertThat(answer.path("version").asText()).isEqualTo(served.version());
        assertThat(answer.path("variant").asText()).isEqualTo("stable");
        JsonNode predictions = answer.path("predictions");
        assertMatchesReference(TensorJson.fromRows(predictions, reference.outputs()), reference.outputs(),
                endpoint + " " + caseName);
        List<String> labels = SampleModels.card(served).labels();
        for (int row = 0; row < predictions.size(); row++) {
            JsonNode prediction = predictions.get(row);
            if (labels.isEmpty()) {
                assertThat(prediction.has("class")).as("a regressor's answer names no class").isFalse();
            } else {
                long label = reference.outputs().get("label").longs()[row];
                assertThat(prediction.path("class").asText()).isEqualTo(labels.get((int) label));
            }
        }
    }
}
