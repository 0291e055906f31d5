package io.modelfn.api.oip;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.modelfn.api.testing.ErrorAssertions.assertJsonErrorBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TestRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the inference protocol refuses what it cannot serve: every error has the status that says whose
 * fault it is and a JSON body {@code {"error": "..."}} that says what to fix; no client mistake is a 5xx.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class OipErrorsIT {

    /** modelfn.http.max-body-size in the test configuration. */
    private static final int OUR_LIMIT = 5 * 1024 * 1024;

    @TestHTTPResource("/")
    URI base;

    // ------------------------------------------------------------------ 400

    @Test
    void infer_should_answer_400_when_body_is_not_json() {
        // GIVEN a body cut off in the middle
        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", "{\"inputs\": [{\"name\": \"input\"");

        // THEN the parser's complaint comes back, with where it stopped
        assertJsonError(response, 400, "invalid JSON", "line 1");
    }

    @Test
    void infer_should_answer_400_when_body_is_empty() throws Exception {
        // GIVEN a POST with an empty body, declared as such (Content-Length: 0)
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/models/iris/infer"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        // WHEN it is sent
        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());

        // THEN it is refused at once as a client mistake
        assertThat(response.statusCode()).isEqualTo(400);
        assertJsonErrorBody(response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    @Test
    void infer_should_answer_400_when_input_name_is_unknown() {
        // GIVEN an input named differently from the signature's
        String body = "{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}";

        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the message names the unknown input and what the model takes
        assertJsonError(response, 400, "unknown input 'pixels'", "input (FP32 [-1, 4])");
    }

    @Test
    void infer_should_answer_400_when_datatype_is_wrong() {
        // GIVEN FP64 data for an FP32 input
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP64\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}";

        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the message says which type the input needs
        assertJsonError(response, 400, "input 'input' must be FP32, not FP64");
    }

    @Test
    void infer_should_answer_400_when_shape_does_not_match_signature() {
        // GIVEN three features where iris takes four
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[5.1,3.5,1.4]}]}";

        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the message gives both shapes
        assertJsonError(response, 400, "shape [1, 3]", "[-1, 4]");
    }

    @Test
    void infer_should_answer_400_when_data_length_does_not_match_shape() {
        // GIVEN a [1, 4] tensor with three values
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4]}]}";

        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the message counts the values
        assertJsonError(response, 400, "has 3 values", "[1, 4]", "needs 4");
    }

    @Test
    void infer_should_answer_400_when_request_has_unknown_field() {
        // GIVEN a misspelt top-level field
        String body = "{\"inputs\":[" + OipProtocolIT.irisInput() + "],\"output\":[{\"name\":\"label\"}]}";

        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the field is named rather than silently ignored
        assertJsonError(response, 400, "unknown field 'output'");
    }

    @Test
    void infer_should_answer_400_when_input_tensor_has_unknown_field() {
        // GIVEN a misspelt field inside an input tensor
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"dat\":[5.1,3.5,1.4,0.2]}]}";

        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN the field is named
        assertJsonError(response, 400, "unknown field 'dat'");
    }

    static Stream<Arguments> clientMistakes() {
        String input = OipProtocolIT.irisInput();
        return Stream.of(
                Arguments.of("a JSON array", "[]", 400),
                Arguments.of("JSON null", "null", 400),
                Arguments.of("no inputs", "{\"inputs\":[]}", 400),
                Arguments.of("inputs not an array", "{\"inputs\":{}}", 400),
                Arguments.of("input without data", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4]}]}", 400),
                Arguments.of("input without shape", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}", 400),
                Arguments.of("negative dimension", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4],\"data\":[1,2,3,4]}]}", 400),
                Arguments.of("shape past any array", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[4294967296,4294967296],\"data\":[1]}]}", 400),
                Arguments.of("zero examples", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[0,4],\"data\":[]}]}", 400),
                Arguments.of("strings for FP32", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[\"a\",\"b\",\"c\",\"d\"]}]}", 400),
                Arguments.of("NaN literal", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[NaN,1,2,3]}]}", 400),
                Arguments.of("value past FP32", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1e39,1,2,3]}]}", 400),
                Arguments.of("ragged nested data", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,4],\"data\":[[1,2,3,4],[1,2]]}]}", 400),
                Arguments.of("unknown datatype", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP128\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}", 400),
                Arguments.of("integer type for FP32", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"INT64\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}", 400),
                Arguments.of("input given twice", "{\"inputs\":[" + input + "," + input + "]}", 400),
                Arguments.of("duplicate key", "{\"inputs\":[" + input + "],\"inputs\":[" + input + "]}", 400),
                Arguments.of("id not a string", "{\"id\":5,\"inputs\":[" + input + "]}", 400),
                Arguments.of("content after the object", "{\"inputs\":[" + input + "]} {}", 400),
                Arguments.of("unknown output", "{\"inputs\":[" + input + "],\"outputs\":[{\"name\":\"logits\"}]}", 400),
                Arguments.of("binary data", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"parameters\":{\"binary_data_size\":16}}]}", 400),
                Arguments.of("nesting past the limit", "[".repeat(2_000) + "]".repeat(2_000), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientMistakes")
    void infer_should_answer_4xx_with_json_error_when_client_makes_a_mistake(String mistake, String body, int status) {
        // GIVEN a request with a client mistake
        // WHEN it is sent
        Response response = infer("/v2/models/iris/infer", body);

        // THEN it is refused as the client's fault, with a message
        assertJsonError(response, status);
    }

    // ------------------------------------------------------------------ 404, 405

    @Test
    void infer_should_answer_404_when_model_is_unknown() {
        // WHEN a request names a model nobody registered
        Response response = infer("/v2/models/no-such-model/infer", "{\"inputs\":[" + OipProtocolIT.irisInput() + "]}");

        // THEN 404 names it
        assertJsonError(response, 404, "no-such-model");
    }

    @Test
    void infer_should_answer_404_when_version_is_unknown() {
        // WHEN a request pins a version iris does not have
        Response response = infer("/v2/models/iris/versions/9.9.9/infer", "{\"inputs\":[" + OipProtocolIT.irisInput() + "]}");

        // THEN 404 names the version
        assertJsonError(response, 404, "iris", "9.9.9");
    }

    @Test
    void infer_should_answer_404_when_alias_is_unknown() {
        // WHEN a request pins an alias iris does not have
        Response response = infer("/v2/models/iris/versions/staging/infer", "{\"inputs\":[" + OipProtocolIT.irisInput() + "]}");

        // THEN 404 names the alias
        assertJsonError(response, 404, "staging");
    }

    @Test
    void metadata_should_answer_404_when_model_is_unknown() {
        // WHEN metadata and readiness of unknown models and versions are asked
        // THEN each is a JSON 404 naming what is unknown
        assertJsonError(given().get("/v2/models/no-such-model"), 404, "no-such-model");
        assertJsonError(given().get("/v2/models/iris/versions/9.9.9"), 404, "9.9.9");
        assertJsonError(given().get("/v2/models/no-such-model/ready"), 404, "no-such-model");
    }

    @Test
    void router_should_answer_404_when_route_is_unknown() {
        // WHEN paths that no resource serves are asked
        // THEN each is a JSON 404
        assertJsonError(given().get("/v2/no-such-route"), 404, "not found");
        assertJsonError(given().contentType("application/json").body("{}").post("/v2/models/iris/explain"), 404, "not found");
        assertJsonError(given().get("/no-such-route"), 404, "not found");
    }

    @Test
    void infer_should_answer_405_when_method_is_wrong() {
        // WHEN the inference path is read with GET, and server metadata deleted
        // THEN both are JSON 405s
        assertJsonError(given().get("/v2/models/iris/infer"), 405, "method not allowed");
        assertJsonError(given().delete("/v2"), 405, "method not allowed");
    }

    // ------------------------------------------------------------------ 413, 415

    @Test
    void infer_should_answer_413_when_body_passes_our_limit() {
        // GIVEN a valid request of about 5.5 MB: over modelfn.http.max-body-size (5M), under the HTTP layer's 6M
        String body = irisRequestOfSize(5_500_000);
        assertThat(body.length()).isBetween(OUR_LIMIT + 1, 6 * 1024 * 1024 - 1);

        // WHEN it is sent with its length
        Response response = infer("/v2/models/iris/infer", body);

        // THEN it is refused as too large, in JSON
        assertJsonError(response, 413, "larger than the limit");
    }

    @Test
    void infer_should_answer_413_when_body_passes_http_layer_limit() {
        // GIVEN a request of about 7 MB: over quarkus.http.limits.max-body-size (6M) too
        String body = irisRequestOfSize(7_000_000);

        // WHEN it is sent with its length
        Response response = infer("/v2/models/iris/infer", body);

        // THEN it is refused as too large, in JSON (from its declared length, before the body is read)
        assertJsonError(response, 413, "larger than the limit");
    }

    @Test
    void infer_should_answer_413_when_chunked_body_passes_our_limit() throws Exception {
        // GIVEN a valid request of about 5.5 MB, streamed without a Content-Length
        byte[] body = irisRequestOfSize(5_500_000).getBytes(StandardCharsets.UTF_8);

        // WHEN it is sent chunked
        HttpResponse<String> response = sendChunked("/v2/models/iris/infer", body);

        // THEN it is refused as too large, in JSON
        assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(413);
        assertJsonErrorBody(response.headers().firstValue("Content-Type").orElse(""), response.body(), "larger than the limit");
    }

    @Test
    void infer_should_answer_413_when_chunked_body_passes_http_layer_limit() throws Exception {
        // GIVEN a request of about 7 MB, streamed without a Content-Length
        byte[] body = irisRequestOfSize(7_000_000).getBytes(StandardCharsets.UTF_8);

        // WHEN it is sent chunked
        HttpResponse<String> response = sendChunked("/v2/models/iris/infer", body);

        // THEN the HTTP layer's refusal is JSON too
        assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(413);
        assertJsonErrorBody(response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    @Test
    void infer_should_answer_415_when_content_type_is_not_json() {
        // GIVEN a valid request labelled text/plain
        // WHEN it is sent
        Response response = given().contentType("text/plain").body("{\"inputs\":[" + OipProtocolIT.irisInput() + "]}")
                .post("/v2/models/iris/infer");

        // THEN the protocol says it speaks JSON
        assertJsonError(response, 415, "text/plain", "application/json");
    }

    // ------------------------------------------------------------------ 503

    @Test
    void infer_should_answer_503_when_artifact_digest_does_not_match_registry() {
        // GIVEN an endpoint on a version whose registered sha256 is not its artifact's
        TestRegistry.registerWithEndpoint(TestRegistry.withSha256(
                TestRegistry.copyOf("iris/1.0.0", "iris-tampered/1.0.0"), TestRegistry.WRONG_SHA256));

        // WHEN it is asked, twice (the second time from the remembered failure)
        Response first = infer("/v2/models/iris-tampered/infer", "{\"inputs\":[" + OipProtocolIT.irisInput() + "]}");
        Response second = infer("/v2/models/iris-tampered/infer", "{\"inputs\":[" + OipProtocolIT.irisInput() + "]}");

        // THEN both are 503s that say the model is not available (the cause goes to the logs, not the client)
        assertJsonError(first, 503, "model not available", "request id");
        assertJsonError(second, 503, "model not available");
    }

    @Test
    void infer_should_answer_503_when_artifact_file_is_missing() {
        // GIVEN an endpoint on a version whose artifact is not in the model folder
        TestRegistry.registerWithEndpoint(TestRegistry.withArtifact(
                TestRegistry.copyOf("iris/1.0.0", "iris-missing/1.0.0"), "local:iris-missing/1.0.0/model.onnx"));

        // WHEN it is asked
        Response response = infer("/v2/models/iris-missing/infer", "{\"inputs\":[" + OipProtocolIT.irisInput() + "]}");

        // THEN 503 says the model is not available
        assertJsonError(response, 503, "model not available", "request id");
    }

    // ------------------------------------------------------------------ helpers

    private static Response infer(String path, String body) {
        return given().contentType("application/json").body(body).post(path);
    }

    /** A valid iris request of about {@code bytes} bytes (one 16-byte row per flower). */
    static String irisRequestOfSize(int bytes) {
        int rows = bytes / 16;
        StringBuilder body = new StringBuilder(bytes + 128)
                .append("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[").append(rows).append(",4],\"data\":[");
        for (int i = 0; i < rows; i++) {
            body.append(i == 0 ? "" : ",").append("5.1,3.5,1.4,0.2");
        }
        return body.append("]}]}").toString();
    }

    private HttpResponse<String> sendChunked(String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                // A publisher of unknown length: the body goes out chunked, with no Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
