package io.modelfn.api.oip;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Triton's binary tensor data extension on {@code /v2/.../infer}, against the real registry and ONNX
 * Runtime: binary requests answer the very bits JSON requests answer, mixed JSON and binary inputs and
 * outputs work, and malformed framings get JSON errors. The framing is built here with a plain
 * little-endian {@link ByteBuffer}, as a client would, not with the server's codec.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class OipBinaryTensorsIT {

    private static final String HEADER = "Inference-Header-Content-Length";

    static Stream<Arguments> everyVersionAndCase() {
        return SampleCases.everyVersionAndCase();
    }

    /** A request body: the JSON part, then the binary part. */
    record Framed(byte[] body, int headerLength) {
        static Framed of(JsonNode json, byte[] binary) {
            byte[] header = TensorJson.write(json).getBytes(StandardCharsets.UTF_8);
            byte[] body = Arrays.copyOf(header, header.length + binary.length);
            System.arraycopy(binary, 0, body, header.length, binary.length);
            return new Framed(body, header.length);
        }
    }

    /** An answer split into its JSON part and its binary outputs (their raw bytes, by name). */
    record Answer(JsonNode json, Map<String, byte[]> binary) {
        static Answer of(Response response) {
            byte[] body = response.asByteArray();
            String header = response.header(HEADER);
            int length = header == null ? body.length : Integer.parseInt(header);
            JsonNode json = TensorJson.parse(new String(body, 0, length, StandardCharsets.UTF_8));
            Map<String, byte[]> binary = new LinkedHashMap<>();
            int at = length;
            for (JsonNode output : json.path("outputs")) {
                JsonNode size = output.path("parameters").path("binary_data_size");
                if (!size.isMissingNode()) {
                    binary.put(output.path("name").asText(), Arrays.copyOfRange(body, at, at + size.asInt()));
                    at += size.asInt();
                }
            }
            assertThat(at).as("binary outputs fill the rest of the body").isEqualTo(body.length);
            return new Answer(json, binary);
        }

        JsonNode output(String name) {
            for (JsonNode output : json.path("outputs")) {
                if (output.path("name").asText().equals(name)) {
                    return output;
                }
            }
            throw new AssertionError("no output " + name + " in " + json);
        }
    }

    /** The tensor's values as a client's numpy {@code tobytes()} writes them (FP32 and INT64 are what the samples use). */
    static byte[] littleEndian(Tensor tensor) {
        ByteBuffer b = ByteBuffer.allocate(tensor.size() * tensor.dataType().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (tensor.dataType()) {
            case FP32 -> {
                for (float v : tensor.floats()) {
                    b.putFloat(v);
                }
            }
            case INT64 -> {
                for (long v : tensor.longs()) {
                    b.putLong(v);
                }
            }
            default -> throw new IllegalArgumentException("no sample uses " + tensor.dataType());
        }
        return b.array();
    }

    /** Every input in binary, after a JSON part listing them with their binary_data_size. */
    static Framed binaryRequest(Map<String, Tensor> inputs, boolean binaryOutputs) {
        ObjectNode request = TensorJson.MAPPER.createObjectNode();
        if (binaryOutputs) {
            request.putObject("parameters").put("binary_data_output", true);
        }
        ArrayNode array = request.putArray("inputs");
        byte[] binary = new byte[0];
        for (Tensor t : inputs.values()) {
            byte[] bytes = littleEndian(t);
            ObjectNode input = array.addObject().put("name", t.name()).put("datatype", t.dataType().oipName());
            ArrayNode shape = input.putArray("shape");
            Arrays.stream(t.shape()).forEach(shape::add);
            input.putObject("parameters").put("binary_data_size", bytes.length);
            int at = binary.length;
            binary = Arrays.copyOf(binary, at + bytes.length);
            System.arraycopy(bytes, 0, binary, at, bytes.length);
        }
        return Framed.of(request, binary);
    }

    static Response post(String path, Framed framed) {
        return given().contentType("application/octet-stream").header(HEADER, framed.headerLength())
                .body(framed.body()).post(path);
    }

    static String path(ModelKey key) {
        return "/v2/models/" + key.name() + "/versions/" + key.version() + "/infer";
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersionAndCase")
    void binary_request_should_answer_the_very_bits_the_json_request_answers(String version, String caseName) {
        // GIVEN a reference case, sent once as JSON and once with binary inputs asking for binary outputs
        ModelKey key = ModelKey.parse(version);
        ReferenceVectors.Case reference = SampleCases.referenceCase(key, caseName);
        Response json = given().contentType("application/json")
                .body(TensorJson.write(TensorJson.oipRequest(reference.inputs(), false))).post(path(key));
        Response binary = post(path(key), binaryRequest(reference.inputs(), true));

        // THEN both answer 200; the binary one as application/octet-stream with the JSON part's length
        assertThat(json.statusCode()).as(json.asString()).isEqualTo(200);
        assertThat(binary.statusCode()).as(binary.asString()).isEqualTo(200);
        assertThat(binary.contentType()).isEqualTo("application/octet-stream");
        assertThat(binary.header(HEADER)).isNotNull();
        Answer answer = Answer.of(binary);
        assertThat(answer.json().path("model_version").asText()).isEqualTo(key.version());
        // AND every output's bytes are exactly those of the JSON answer's values
        Map<String, Tensor> jsonOutputs = TensorJson.oipOutputs(TensorJson.parse(json.asString()));
        assertThat(answer.binary().keySet()).containsExactlyInAnyOrderElementsOf(jsonOutputs.keySet());
        for (Tensor expected : jsonOutputs.values()) {
            JsonNode output = answer.output(expected.name());
            assertThat(output.has("data")).isFalse();
            assertThat(output.path("datatype").asText()).isEqualTo(expected.dataType().oipName());
            assertThat(answer.binary().get(expected.name())).as("%s %s %s", version, caseName, expected.name())
                    .isEqualTo(littleEndian(expected));
        }
        // AND they are the reference outputs
        assertMatchesReference(decode(answer), reference.outputs(), version + " " + caseName + " in binary");
    }

    @Test
    void json_inputs_should_get_the_binary_outputs_they_ask_for_and_json_for_the_rest() {
        // GIVEN a JSON request (no binary part) asking for probabilities in binary and the label in JSON
        ModelKey key = ModelKey.parse("digits/1.0.0");
        ReferenceVectors.Case reference = SampleCases.referenceCase(key, "batch-of-8");
        ObjectNode request = TensorJson.oipRequest(reference.inputs(), false);
        ArrayNode outputs = request.putArray("outputs");
        outputs.addObject().put("name", "probabilities").putObject("parameters").put("binary_data", true);
        outputs.addObject().put("name", "label");

        // WHEN sent as plain JSON
        Response response = given().contentType("application/json").body(TensorJson.write(request)).post(path(key));

        // THEN probabilities come in binary after the JSON part and the label as JSON data
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/octet-stream");
        Answer answer = Answer.of(response);
        assertThat(answer.binary().keySet()).containsExactly("probabilities");
        assertThat(answer.output("label").path("data").size()).isEqualTo(8);
        assertMatchesReference(decode(answer), reference.outputs(), "mixed outputs");
    }

    @Test
    void mixed_json_and_binary_inputs_should_answer_json_when_no_binary_output_is_asked() {
        // GIVEN wide-mlp's input in binary and the request asking for nothing in binary
        ModelKey key = ModelKey.parse("wide-mlp/1.0.0");
        ReferenceVectors.Case reference = SampleCases.referenceCase(key, "single");
        Framed framed = binaryRequest(reference.inputs(), false);

        // WHEN sent with the header and a JSON content type
        Response response = given().contentType("application/json").header(HEADER, framed.headerLength())
                .body(framed.body()).post(path(key));

        // THEN the answer is ordinary JSON
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header(HEADER)).isNull();
        assertMatchesReference(TensorJson.oipOutputs(TensorJson.parse(response.asString())), reference.outputs(),
                "binary in, JSON out");
    }

    // ---- malformed framings: 400 (415, 413) with a JSON error ------------------------------------

    private static Framed digitsSingle() {
        return binaryRequest(SampleCases.referenceCase(ModelKey.parse("digits/1.0.0"), "single").inputs(), true);
    }

    private static final String DIGITS = "/v2/models/digits/infer";

    @Test
    void header_length_past_the_end_of_the_body_should_answer_400() {
        Framed framed = digitsSingle();

        Response response = given().contentType("application/octet-stream").header(HEADER, framed.body().length + 1)
                .body(framed.body()).post(DIGITS);

        assertJsonError(response, 400, HEADER, "but the body has only");
    }

    @Test
    void header_length_that_is_not_a_number_should_answer_400() {
        Framed framed = digitsSingle();

        Response response = given().contentType("application/octet-stream").header(HEADER, "-12")
                .body(framed.body()).post(DIGITS);

        assertJsonError(response, 400, HEADER, "non-negative decimal integer");
    }

    @Test
    void binary_sizes_that_leave_bytes_over_should_answer_400() {
        Framed framed = digitsSingle();
        byte[] longer = Arrays.copyOf(framed.body(), framed.body().length + 4);

        Response response = post(DIGITS, new Framed(longer, framed.headerLength()));

        assertJsonError(response, 400, "4 bytes of binary data after the JSON part belong to no input");
    }

    @Test
    void binary_sizes_past_the_bytes_sent_should_answer_400() {
        Framed framed = digitsSingle();
        byte[] shorter = Arrays.copyOf(framed.body(), framed.body().length - 4);

        Response response = post(DIGITS, new Framed(shorter, framed.headerLength()));

        assertJsonError(response, 400, "binary_data_size 256 but only 252 bytes");
    }

    @Test
    void binary_size_that_differs_from_the_shape_should_answer_400() {
        // GIVEN a [1, 1, 8, 8] FP32 input announcing 128 bytes (it needs 256), followed by 128 bytes
        String json = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,8,8],"
                + "\"parameters\":{\"binary_data_size\":128}}]}";
        Framed framed = Framed.of(TensorJson.parse(json), new byte[128]);

        assertJsonError(post(DIGITS, framed), 400, "needs 256 bytes");
    }

    @Test
    void binary_size_beside_json_data_should_answer_400() {
        String json = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,1,1],\"data\":[1],"
                + "\"parameters\":{\"binary_data_size\":4}}]}";

        assertJsonError(post(DIGITS, Framed.of(TensorJson.parse(json), new byte[4])), 400, "has both 'data' and binary_data_size");
    }

    @Test
    void octet_stream_without_the_header_should_answer_415() {
        Framed framed = digitsSingle();

        Response response = given().contentType("application/octet-stream").body(framed.body()).post(DIGITS);

        assertJsonError(response, 415, HEADER);
    }

    @Test
    void other_content_types_with_the_header_should_answer_415() {
        Framed framed = digitsSingle();

        Response response = given().contentType("text/plain").header(HEADER, framed.headerLength())
                .body(framed.body()).post(DIGITS);

        assertJsonError(response, 415, "application/octet-stream");
    }

    @Test
    void body_size_limit_should_count_the_binary_part() {
        // GIVEN a small JSON part followed by more binary bytes than the body limit (5 MiB in tests) allows
        String json = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"UINT8\",\"shape\":[5242880],"
                + "\"parameters\":{\"binary_data_size\":5242880}}]}";
        Framed framed = Framed.of(TensorJson.parse(json), new byte[5 * 1024 * 1024]);

        assertJsonError(post(DIGITS, framed), 413, "larger than the limit");
    }

    /** The binary outputs read back as tensors (FP32 and INT64), beside the JSON ones. */
    static Map<String, Tensor> decode(Answer answer) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode output : answer.json().path("outputs")) {
            String name = output.path("name").asText();
            byte[] bytes = answer.binary().get(name);
            if (bytes == null) {
                tensors.put(name, TensorJson.fromOip(output));
                continue;
            }
            DataType type = DataType.fromOipName(output.path("datatype").asText()).orElseThrow();
            long[] shape = TensorJson.MAPPER.convertValue(output.path("shape"), long[].class);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            Object values = switch (type) {
                case FP32 -> {
                    float[] v = new float[bytes.length / 4];
                    b.asFloatBuffer().get(v);
                    yield v;
                }
                case INT64 -> {
                    long[] v = new long[bytes.length / 8];
                    b.asLongBuffer().get(v);
                    yield v;
                }
                default -> throw new IllegalArgumentException("no sample answers " + type);
            };
            tensors.put(name, Tensor.of(name, type, shape, values));
        }
        return tensors;
    }

    @Test
    void every_sample_model_should_be_covered() {
        // The bit-for-bit comparison above runs over every version; digits and wide-mlp must be among them.
        assertThat(SampleModels.versions().stream().map(ModelKey::name)).contains("digits", "wide-mlp");
    }
}
