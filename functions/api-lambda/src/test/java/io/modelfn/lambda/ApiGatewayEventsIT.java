package io.modelfn.lambda;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged Lambda handler, driven through Quarkus's mock Lambda event server with the API Gateway
 * HTTP API (payload v2) events kept in {@code samples/events/}: the same handler, event parsing and
 * response mapping that run in AWS.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ApiGatewayEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path events() {
        return Path.of(System.getProperty("sample.events.dir", "../../samples/events"));
    }

    /** Posts a raw API Gateway v2 event and returns the raw Lambda response (statusCode, headers, body). */
    static JsonNode invoke(String eventFile) throws IOException {
        String event = Files.readString(events().resolve(eventFile));
        String response = given().contentType("application/json").body(event)
                .when().post("/_lambda_")
                .then().statusCode(200).extract().asString();
        return JSON.readTree(response);
    }

    static List<ModelKey> versions() {
        return SampleModels.versions();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void oip_event_should_answer_with_the_reference_outputs(ModelKey key) throws IOException {
        // GIVEN the sample event carrying the version's first reference case
        ReferenceVectors.Case reference = SampleModels.reference(key).cases().get(0);

        // WHEN the Lambda handler receives it
        JsonNode response = invoke("apigw-v2-oip-infer-" + key.name() + "-" + key.version() + ".json");

        // THEN it answers 200 with the reference outputs, naming model, version and variant
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.path("body").asText());
        assertThat(body.path("model_name").asText()).isEqualTo(key.name());
        assertThat(body.path("model_version").asText()).isEqualTo(key.version());
        assertThat(body.path("id").asText()).isEqualTo("sample-" + key.name() + "-" + key.version());
        assertThat(header(response, "X-ModelFn-Variant")).isEqualTo("pinned");
        assertMatchesReference(tensors(body.path("outputs")), reference.outputs(), key + " via the Lambda event");
    }

    @Test
    void base64_binary_oip_event_should_answer_binary_outputs_base64_encoded() throws IOException {
        // GIVEN API Gateway's event for a request in Triton's binary framing: the body base64-encoded
        ModelKey key = ModelKey.parse("digits/1.0.0");
        ReferenceVectors.Case reference = SampleModels.reference(key).cases().get(0);

        // WHEN the Lambda handler receives it
        JsonNode response = invoke("apigw-v2-oip-infer-binary-digits-1.0.0.json");

        // THEN it answers 200 in binary: the body base64-encoded, flagged so, with the JSON part's length
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        assertThat(response.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(header(response, "Content-Type")).isEqualTo("application/octet-stream");
        byte[] body = Base64.getDecoder().decode(response.path("body").asText());
        int headerLength = Integer.parseInt(header(response, "Inference-Header-Content-Length"));
        JsonNode json = JSON.readTree(new String(body, 0, headerLength, StandardCharsets.UTF_8));
        assertThat(json.path("id").asText()).isEqualTo("sample-binary-digits-1.0.0");
        // AND the binary outputs after the JSON part are the reference outputs
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        ByteBuffer binary = ByteBuffer.wrap(body, headerLength, body.length - headerLength).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode output : json.path("outputs")) {
            int size = output.path("parameters").path("binary_data_size").asInt();
            assertThat(output.has("data")).isFalse();
            DataType type = DataType.fromOipName(output.path("datatype").asText()).orElseThrow();
            long[] shape = JSON.convertValue(output.path("shape"), long[].class);
            Object values = switch (type) {
                case FP32 -> {
                    float[] v = new float[size / 4];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = binary.getFloat();
                    }
                    yield v;
                }
                case INT64 -> {
                    long[] v = new long[size / 8];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = binary.getLong();
                    }
                    yield v;
                }
                default -> throw new IllegalArgumentException("unexpected output type " + type);
            };
            outputs.put(output.path("name").asText(), Tensor.of(output.path("name").asText(), type, shape, values));
        }
        assertThat(binary.remaining()).isZero();
        assertMatchesReference(outputs, reference.outputs(), key + " in binary via the Lambda event");
    }

    @Test
    void predict_event_should_answer_with_class_names() throws IOException {
        JsonNode response = invoke("apigw-v2-predict-iris.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.path("body").asText());
        assertThat(body.path("classes").get(0).asText()).isEqualTo("setosa");
        assertThat(body.path("variant").asText()).isEqualTo("stable");
    }

    @Test
    void sagemaker_csv_event_should_answer_one_label_per_line() throws IOException {
        JsonNode response = invoke("apigw-v2-sagemaker-invocations-iris.csv.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).isEqualTo("0\n2\n");
    }

    @Test
    void unknown_model_event_should_answer_404_with_a_json_error() throws IOException {
        JsonNode response = invoke("apigw-v2-oip-unknown-model.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(404);
        assertThat(JSON.readTree(response.path("body").asText()).path("error").asText()).contains("no-such-model");
    }

    @Test
    void malformed_event_body_should_answer_400_with_a_json_error() throws IOException {
        JsonNode response = invoke("apigw-v2-oip-malformed.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(response.path("body").asText()).path("error").asText()).startsWith("invalid JSON");
    }

    @Test
    void readiness_event_should_answer_200() throws IOException {
        JsonNode response = invoke("apigw-v2-health-ready.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    }

    private static String header(JsonNode response, String name) {
        JsonNode headers = response.path("headers");
        for (var it = headers.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        JsonNode multi = response.path("multiValueHeaders");
        for (var it = multi.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(0).asText();
            }
        }
        return null;
    }

    /** OIP output tensors (flat data) as Tensors. */
    static Map<String, Tensor> tensors(JsonNode outputs) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode t : outputs) {
            DataType type = DataType.fromOipName(t.path("datatype").asText()).orElseThrow();
            long[] shape = JSON.convertValue(t.path("shape"), long[].class);
            JsonNode data = t.path("data");
            Object values = switch (type) {
                case FP32 -> {
                    float[] v = new float[data.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) data.get(i).asDouble();
                    }
                    yield v;
                }
                case INT64 -> JSON.convertValue(data, long[].class);
                default -> throw new IllegalArgumentException("unexpected output type " + type);
            };
            tensors.put(t.path("name").asText(), Tensor.of(t.path("name").asText(), type, shape, values));
        }
        return tensors;
    }
}
