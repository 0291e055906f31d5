package io.modelfn.api.oip;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Open Inference Protocol v2 REST API against the real registry (DynamoDB Local seeded from
 * {@code models/}) and ONNX Runtime: answers match the reference vectors Python computed, metadata
 * and health follow the protocol, and every answer says who answered.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class OipProtocolIT {

    static Stream<Arguments> everyVersionAndCase() {
        return SampleCases.everyVersionAndCase();
    }

    static Stream<Arguments> everyEndpointAndCase() {
        return SampleCases.everyEndpointAndCase();
    }

    static Stream<String> endpoints() {
        return SampleCases.servedVersions().keySet().stream();
    }

    // ------------------------------------------------------------------ inference

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersionAndCase")
    void infer_should_match_reference_outputs_when_version_is_pinned(String version, String caseName) {
        // GIVEN a reference case, sent as its own OIP JSON
        ModelKey key = ModelKey.parse(version);
        ReferenceVectors.Case reference = SampleCases.referenceCase(key, caseName);
        String body = "{\"inputs\":" + TensorJson.write(reference.json().get("inputs")) + "}";

        // WHEN it is sent to the pinned version
        Response response = infer("/v2/models/" + key.name() + "/versions/" + key.version() + "/infer", body);

        // THEN that version answers what the reference says
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(answer.path("model_name").asText()).isEqualTo(key.name());
        assertThat(answer.path("model_version").asText()).isEqualTo(key.version());
        assertThat(answer.path("parameters").path("variant").asText()).isEqualTo("pinned");
        assertMatchesReference(TensorJson.oipOutputs(answer), reference.outputs(), version + " " + caseName);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void infer_should_match_reference_outputs_of_served_version_when_endpoint_routes(String endpoint, String caseName) {
        // GIVEN a reference case of the version the endpoint serves (its model's highest)
        ModelKey served = SampleCases.servedVersion(endpoint);
        ReferenceVectors.Case reference = SampleCases.referenceCase(served, caseName);

        // WHEN it is sent to the unpinned endpoint
        Response response = infer("/v2/models/" + endpoint + "/infer", TensorJson.write(
                TensorJson.oipRequest(reference.inputs(), false)));

        // THEN the stable variant's version answers it
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(answer.path("model_version").asText()).isEqualTo(served.version());
        assertThat(answer.path("parameters").path("variant").asText()).isEqualTo("stable");
        assertMatchesReference(TensorJson.oipOutputs(answer), reference.outputs(), endpoint + " " + caseName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void infer_should_read_nested_data_when_data_is_nested_by_shape(String endpoint) {
        // GIVEN the batch reference case with its data nested by the shape ([8][1][8][8] for digits)
        ReferenceVectors.Case reference = SampleCases.referenceCase(SampleCases.servedVersion(endpoint), "batch-of-8");
        String body = TensorJson.write(TensorJson.oipRequest(reference.inputs(), true));
        assertThat(body).contains("[[");

        // WHEN it is sent
        Response response = infer("/v2/models/" + endpoint + "/infer", body);

        // THEN the answer is the one flat data gets
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertMatchesReference(TensorJson.oipOutputs(TensorJson.parse(response.asString())), reference.outputs(),
                endpoint + " nested");
    }

    @Test
    void infer_should_echo_id_when_request_has_one() {
        // GIVEN a request with an id
        String body = "{\"id\":\"req-42\",\"inputs\":[" + irisInput() + "]}";

        // WHEN it is answered
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the answer carries the same id
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("id")).isEqualTo("req-42");
    }

    @Test
    void infer_should_return_only_requested_output_when_outputs_are_named() {
        // GIVEN a request that asks for the label only
        String body = "{\"inputs\":[" + irisInput() + "],\"outputs\":[{\"name\":\"label\"}]}";

        // WHEN it is answered
        Response response = infer("/v2/models/iris/infer", body);

        // THEN only the label comes back
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Tensor> outputs = TensorJson.oipOutputs(TensorJson.parse(response.asString()));
        assertThat(outputs).containsOnlyKeys("label");
        assertThat(outputs.get("label").longs()).containsExactly(0L);
    }

    @Test
    void infer_should_name_endpoint_variant_and_version_when_answering() {
        // GIVEN a request to the iris endpoint
        // WHEN it is answered
        Response response = infer("/v2/models/iris/infer", "{\"inputs\":[" + irisInput() + "]}");

        // THEN the body's parameters and the headers say who answered
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("parameters.endpoint")).isEqualTo("iris");
        assertThat(response.jsonPath().getString("parameters.variant")).isEqualTo("stable");
        assertThat(response.header("X-ModelFn-Endpoint")).isEqualTo("iris");
        assertThat(response.header("X-ModelFn-Variant")).isEqualTo("stable");
        assertThat(response.header("X-ModelFn-Model")).isEqualTo("iris");
        assertThat(response.header("X-ModelFn-Version")).isEqualTo("1.1.0");
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void infer_should_echo_request_id_when_caller_sends_a_safe_one() {
        // GIVEN a caller's request id made of safe characters
        String requestId = "caller-" + UUID.randomUUID();

        // WHEN the request is answered
        Response response = given().contentType("application/json").header("X-Request-Id", requestId)
                .body("{\"inputs\":[" + irisInput() + "]}").post("/v2/models/iris/infer");

        // THEN the same id comes back
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
    }

    @Test
    void infer_should_generate_request_id_when_caller_sends_an_unsafe_one() {
        // GIVEN a caller's request id with characters that could forge log lines
        String unsafe = "abc def\"<script>";

        // WHEN the request is answered
        Response response = given().contentType("application/json").header("X-Request-Id", unsafe)
                .body("{\"inputs\":[" + irisInput() + "]}").post("/v2/models/iris/infer");

        // THEN a fresh id replaces it
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isNotBlank().isNotEqualTo(unsafe).matches("[A-Za-z0-9._:-]+");
    }

    @Test
    void infer_should_generate_distinct_request_ids_when_caller_sends_none() {
        // GIVEN two requests without a request id
        // WHEN both are answered
        String first = infer("/v2/models/iris/infer", "{\"inputs\":[" + irisInput() + "]}").header("X-Request-Id");
        String second = infer("/v2/models/iris/infer", "{\"inputs\":[" + irisInput() + "]}").header("X-Request-Id");

        // THEN each got an id of its own
        assertThat(first).isNotBlank();
        assertThat(second).isNotBlank().isNotEqualTo(first);
    }

    @Test
    void infer_should_serve_aliased_version_when_alias_is_pinned() {
        // GIVEN the alias production, which the seed points at iris 1.1.0
        // WHEN a request pins the alias
        Response response = infer("/v2/models/iris/versions/production/infer", "{\"inputs\":[" + irisInput() + "]}");

        // THEN iris 1.1.0 answers as a pinned request
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("model_version")).isEqualTo("1.1.0");
        assertThat(response.jsonPath().getString("parameters.variant")).isEqualTo("pinned");
        assertThat(response.header("X-ModelFn-Version")).isEqualTo("1.1.0");
    }

    @Test
    void infer_should_serve_older_version_when_it_is_pinned() {
        // GIVEN iris 1.0.0, which no endpoint routes to
        // WHEN a request pins it
        Response response = infer("/v2/models/iris/versions/1.0.0/infer", "{\"inputs\":[" + irisInput() + "]}");

        // THEN it answers, and says so
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("model_version")).isEqualTo("1.0.0");
        assertThat(response.header("X-ModelFn-Version")).isEqualTo("1.0.0");
        assertThat(response.header("X-ModelFn-Variant")).isEqualTo("pinned");
    }

    // ------------------------------------------------------------------ server and model metadata

    @Test
    void server_should_describe_itself_when_asked_for_metadata() {
        // WHEN the server metadata is read
        Response response = given().get("/v2");

        // THEN it names the server, its version and its extensions: Triton's binary tensor data
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = TensorJson.parse(response.asString());
        assertThat(metadata.path("name").asText()).isEqualTo("modelfn");
        assertThat(metadata.path("version").asText()).isNotBlank();
        assertThat(texts(metadata.path("extensions"))).containsExactly("binary_tensor_data");
    }

    @Test
    void live_should_answer_200_when_process_runs() {
        // WHEN liveness is asked
        Response response = given().get("/v2/health/live");

        // THEN the process answers
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void ready_should_answer_200_when_registry_is_read() {
        // GIVEN the application has read the seeded registry at start-up
        // WHEN readiness is asked
        Response response = given().get("/v2/health/ready");

        // THEN it is ready
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void model_should_describe_served_version_when_endpoint_is_named() {
        // WHEN the metadata of the iris endpoint is read
        Response response = given().get("/v2/models/iris");

        // THEN it lists both iris versions and the signature in OIP terms
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = TensorJson.parse(response.asString());
        assertThat(metadata.path("name").asText()).isEqualTo("iris");
        assertThat(texts(metadata.path("versions"))).contains("1.0.0", "1.1.0");
        assertThat(metadata.path("platform").asText()).isEqualTo("onnxruntime_onnx");
        assertIrisSignature(metadata);
    }

    @Test
    void modelVersion_should_describe_pinned_version_when_version_is_named() {
        // WHEN the metadata of iris 1.0.0 is read
        Response response = given().get("/v2/models/iris/versions/1.0.0");

        // THEN it describes iris, with both versions and the signature
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = TensorJson.parse(response.asString());
        assertThat(metadata.path("name").asText()).isEqualTo("iris");
        assertThat(texts(metadata.path("versions"))).contains("1.0.0", "1.1.0");
        assertThat(metadata.path("platform").asText()).isEqualTo("onnxruntime_onnx");
        assertIrisSignature(metadata);
    }

    @Test
    void modelVersion_should_describe_digits_image_input_when_signature_has_four_dimensions() {
        // WHEN the metadata of digits is read
        JsonNode metadata = TensorJson.parse(given().get("/v2/models/digits").asString());

        // THEN the input is a batch of one-channel 8x8 images
        JsonNode input = metadata.path("inputs").get(0);
        assertThat(input.path("datatype").asText()).isEqualTo("FP32");
        assertThat(longs(input.path("shape"))).containsExactly(-1L, 1L, 8L, 8L);
    }

    // ------------------------------------------------------------------ model readiness

    @Test
    void versionReady_should_answer_200_when_version_has_answered() {
        // GIVEN iris 1.1.0 has answered a request
        assertThat(infer("/v2/models/iris/versions/1.1.0/infer", "{\"inputs\":[" + irisInput() + "]}").statusCode())
                .isEqualTo(200);

        // WHEN its readiness is asked
        Response response = given().get("/v2/models/iris/versions/1.1.0/ready");

        // THEN it is ready
        assertThat(response.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    static Response infer(String path, String body) {
        return given().contentType("application/json").body(body).post(path);
    }

    /** One iris flower (setosa), as an OIP input tensor. */
    static String irisInput() {
        return "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}";
    }

    private static void assertIrisSignature(JsonNode metadata) {
        JsonNode input = metadata.path("inputs").get(0);
        assertThat(metadata.path("inputs").size()).isEqualTo(1);
        assertThat(input.path("name").asText()).isEqualTo("input");
        assertThat(input.path("datatype").asText()).isEqualTo("FP32");
        assertThat(longs(input.path("shape"))).containsExactly(-1L, 4L);
        assertThat(metadata.path("outputs").size()).isEqualTo(2);
        JsonNode probabilities = metadata.path("outputs").get(0);
        assertThat(probabilities.path("name").asText()).isEqualTo("probabilities");
        assertThat(probabilities.path("datatype").asText()).isEqualTo("FP32");
        assertThat(longs(probabilities.path("shape"))).containsExactly(-1L, 3L);
        JsonNode label = metadata.path("outputs").get(1);
        assertThat(label.path("name").asText()).isEqualTo("label");
        assertThat(label.path("datatype").asText()).isEqualTo("INT64");
        assertThat(longs(label.path("shape"))).containsExactly(-1L);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asLong()));
        return values;
    }
}
