package io.modelfn.api.function;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Funqy function {@code POST /predict} for simple JSON clients: named nested arrays in, named
 * nested arrays and class names out, with the routing, validation and errors of the other protocols.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class PredictFunctionIT {

    static Stream<Arguments> everyVersionAndCase() {
        return SampleCases.everyVersionAndCase();
    }

    static Stream<Arguments> everyEndpointAndCase() {
        return SampleCases.everyEndpointAndCase();
    }

    @Test
    void predict_should_answer_outputs_and_classes_when_inputs_are_named() {
        // GIVEN one setosa flower under the input's name
        String body = "{\"endpoint\":\"iris\",\"inputs\":{\"input\":[[5.1,3.5,1.4,0.2]]}}";

        // WHEN it is sent to the function
        Response response = predict(body);

        // THEN the answer names who answered, the outputs and the class
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(answer.path("endpoint").asText()).isEqualTo("iris");
        assertThat(answer.path("model").asText()).isEqualTo("iris");
        assertThat(answer.path("version").asText()).isEqualTo("1.1.0");
        assertThat(answer.path("variant").asText()).isEqualTo("stable");
        assertThat(answer.path("outputs").path("probabilities").get(0).size()).isEqualTo(3);
        assertThat(answer.path("outputs").path("label").get(0).asLong()).isZero();
        assertThat(answer.path("classes").get(0).asText()).isEqualTo("setosa");
        assertThat(response.header("X-ModelFn-Model")).isEqualTo("iris");
        assertThat(response.header("X-ModelFn-Version")).isEqualTo("1.1.0");
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void predict_should_answer_when_inputs_are_a_bare_array() {
        // GIVEN two flowers as a bare array (iris has one input)
        String body = "{\"endpoint\":\"iris\",\"inputs\":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}";

        // WHEN it is sent
        Response response = predict(body);

        // THEN each gets its class
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(texts(TensorJson.parse(response.asString()).path("classes"))).containsExactly("setosa", "virginica");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersionAndCase")
    void predict_should_match_reference_when_version_is_pinned(String version, String caseName) {
        // GIVEN a reference case, its inputs nested by shape under their names, pinned to its version
        ModelKey key = ModelKey.parse(version);
        ReferenceVectors.Case reference = SampleCases.referenceCase(key, caseName);
        ObjectNode inputs = TensorJson.MAPPER.createObjectNode();
        reference.inputs().forEach((name, tensor) -> inputs.set(name, TensorJson.nested(tensor)));
        ObjectNode body = TensorJson.MAPPER.createObjectNode().put("endpoint", key.name()).put("version", key.version());
        body.set("inputs", inputs);

        // WHEN it is sent
        Response response = predict(TensorJson.write(body));

        // THEN that version answers the reference outputs, with class names for classifiers
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(answer.path("version").asText()).isEqualTo(key.version());
        assertThat(answer.path("variant").asText()).isEqualTo("pinned");
        assertMatchesReference(outputs(answer, reference.outputs()), reference.outputs(), version + " " + caseName);
        assertClasses(answer, key, reference);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEndpointAndCase")
    void predict_should_match_reference_when_endpoint_routes_bare_rows(String endpoint, String caseName) {
        // GIVEN a reference case of the served version as a bare array of flat rows (64 pixels per digit)
        ModelKey served = SampleCases.servedVersion(endpoint);
        ReferenceVectors.Case reference = SampleCases.referenceCase(served, caseName);
        Tensor input = reference.inputs().values().iterator().next();
        ObjectNode body = TensorJson.MAPPER.createObjectNode().put("endpoint", endpoint);
        body.set("inputs", TensorJson.flatRows(input));

        // WHEN it is sent unpinned
        Response response = predict(TensorJson.write(body));

        // THEN the endpoint's stable version answers the reference outputs
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(answer.path("version").asText()).isEqualTo(served.version());
        assertMatchesReference(outputs(answer, reference.outputs()), reference.outputs(), endpoint + " " + caseName);
        assertClasses(answer, served, reference);
    }

    @Test
    void predict_should_serve_aliased_version_when_alias_is_pinned() {
        // WHEN the alias production is pinned
        Response response = predict("{\"endpoint\":\"iris\",\"version\":\"production\",\"inputs\":[[5.1,3.5,1.4,0.2]]}");

        // THEN the version it points at answers
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("version")).isEqualTo("1.1.0");
        assertThat(response.jsonPath().getString("variant")).isEqualTo("pinned");
    }

    @Test
    void predict_should_return_only_requested_outputs_when_outputs_are_named() {
        // WHEN only the label is asked for
        Response response = predict("{\"endpoint\":\"iris\",\"outputs\":[\"label\"],\"inputs\":[[5.1,3.5,1.4,0.2]]}");

        // THEN only the label comes back, still with its class
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = TensorJson.parse(response.asString());
        assertThat(fieldNames(answer.path("outputs"))).containsExactly("label");
        assertThat(texts(answer.path("classes"))).containsExactly("setosa");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void predict_should_answer_400_when_body_is_not_json() {
        assertJsonError(predict("{\"endpoint\": \"iris\", \"inputs\": ["), 400);
    }

    @Test
    void predict_should_answer_400_when_endpoint_is_missing() {
        // WHEN a request names no endpoint
        Response response = predict("{\"inputs\":[[5.1,3.5,1.4,0.2]]}");

        // THEN 400 says the endpoint is required
        assertJsonError(response, 400, "'endpoint' is required");
    }

    @Test
    void predict_should_answer_404_when_endpoint_is_unknown() {
        // WHEN a request names an endpoint nobody registered
        Response response = predict("{\"endpoint\":\"no-such-endpoint\",\"inputs\":[[5.1,3.5,1.4,0.2]]}");

        // THEN 404 names it
        assertJsonError(response, 404, "no-such-endpoint");
    }

    @Test
    void predict_should_answer_400_when_shape_does_not_match_signature() {
        // WHEN three features are sent where iris takes four
        Response response = predict("{\"endpoint\":\"iris\",\"inputs\":[[5.1,3.5,1.4]]}");

        // THEN 400 gives both shapes
        assertJsonError(response, 400, "shape [1, 3]", "[-1, 4]");
    }

    @Test
    void predict_should_answer_400_when_input_is_unknown() {
        // WHEN an input is named differently from the signature's
        Response response = predict("{\"endpoint\":\"iris\",\"inputs\":{\"pixels\":[[5.1,3.5,1.4,0.2]]}}");

        // THEN 400 names it
        assertJsonError(response, 400, "unknown input 'pixels'");
    }

    @Test
    void predict_should_answer_404_when_version_is_unknown() {
        // WHEN a version iris does not have is pinned
        Response response = predict("{\"endpoint\":\"iris\",\"version\":\"9.9.9\",\"inputs\":[[5.1,3.5,1.4,0.2]]}");

        // THEN 404 names it
        assertJsonError(response, 404, "9.9.9");
    }

    @Test
    void predict_should_answer_4xx_when_called_with_get_and_no_body() {
        // WHEN the function is called with GET and no input at all
        Response response = given().get("/predict");

        // THEN the client's mistake is a 4xx, never a 5xx
        assertThat(response.statusCode()).as(response.asString()).isBetween(400, 499);
        assertThat(response.contentType()).startsWith("application/json");
    }

    // ------------------------------------------------------------------ helpers

    private static Response predict(String body) {
        return given().contentType("application/json").body(body).post("/predict");
    }

    /** The answer's named nested outputs as tensors, typed like the reference ones. */
    private static Map<String, Tensor> outputs(JsonNode answer, Map<String, Tensor> like) {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        answer.path("outputs").fields().forEachRemaining(field -> {
            Tensor expected = like.get(field.getKey());
            assertThat(expected).as("output %s is not in the reference", field.getKey()).isNotNull();
            outputs.put(field.getKey(), TensorJson.fromNested(field.getKey(), expected.dataType(), field.getValue()));
        });
        return outputs;
    }

    private static void assertClasses(JsonNode answer, ModelKey key, ReferenceVectors.Case reference) {
        List<String> labels = SampleModels.card(key).labels();
        if (labels.isEmpty()) {
            assertThat(answer.has("classes")).as("a regressor's answer names no classes").isFalse();
            return;
        }
        List<String> expected = new ArrayList<>();
        for (long label : reference.outputs().get("label").longs()) {
            expected.add(labels.get((int) label));
        }
        assertThat(texts(answer.path("classes"))).containsExactlyElementsOf(expected);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
