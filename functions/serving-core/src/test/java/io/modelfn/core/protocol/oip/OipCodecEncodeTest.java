package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.SampleModels;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encoding Open Inference Protocol responses, metadata and errors, read back with Jackson. */
class OipCodecEncodeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OipCodec codec = new OipCodec();

    private static final Tensor PROBABILITIES =
            Tensor.ofFloats("probabilities", new long[] {2, 3}, new float[] {0.9f, 0.05f, 0.05f, 0.1f, 0.2f, 0.7f});
    private static final Tensor LABEL = Tensor.ofLongs("label", new long[] {2}, new long[] {0, 2});

    @Test
    void encodeInferResponse_should_write_model_id_parameters_and_outputs_with_flat_data() throws Exception {
        // GIVEN two output tensors and response parameters
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("endpoint", "iris");
        parameters.put("variant", "canary");

        // WHEN the response is encoded
        JsonNode json = MAPPER.readTree(codec.encodeInferResponse("iris", "1.1.0", "req-7", parameters,
                List.of(PROBABILITIES, LABEL)));

        // THEN it is the spec's response object
        assertThat(json.get("model_name").asText()).isEqualTo("iris");
        assertThat(json.get("model_version").asText()).isEqualTo("1.1.0");
        assertThat(json.get("id").asText()).isEqualTo("req-7");
        assertThat(json.get("parameters").get("endpoint").asText()).isEqualTo("iris");
        assertThat(json.get("parameters").get("variant").asText()).isEqualTo("canary");
        JsonNode outputs = json.get("outputs");
        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(0).get("name").asText()).isEqualTo("probabilities");
        assertThat(outputs.get(0).get("datatype").asText()).isEqualTo("FP32");
        assertThat(MAPPER.convertValue(outputs.get(0).get("shape"), long[].class)).containsExactly(2, 3);
        assertThat(MAPPER.convertValue(outputs.get(0).get("data"), float[].class))
                .containsExactly(0.9f, 0.05f, 0.05f, 0.1f, 0.2f, 0.7f);
        assertThat(outputs.get(1).get("name").asText()).isEqualTo("label");
        assertThat(outputs.get(1).get("datatype").asText()).isEqualTo("INT64");
        assertThat(MAPPER.convertValue(outputs.get(1).get("data"), long[].class)).containsExactly(0, 2);
    }

    @Test
    void encodeInferResponse_should_leave_out_id_and_parameters_when_there_are_none() throws Exception {
        // GIVEN no id and no parameters (null and empty), with one output and with none
        JsonNode withNull = MAPPER.readTree(codec.encodeInferResponse("iris", "1.0.0", null, null, List.of(LABEL)));
        JsonNode withEmpty = MAPPER.readTree(codec.encodeInferResponse("iris", "1.0.0", null, Map.of(), List.of()));

        // THEN neither field is written, and outputs is always an array
        for (JsonNode json : List.of(withNull, withEmpty)) {
            assertThat(json.has("id")).isFalse();
            assertThat(json.has("parameters")).isFalse();
            assertThat(json.get("outputs").isArray()).isTrue();
        }
        assertThat(withNull.get("outputs")).hasSize(1);
        assertThat(withEmpty.get("outputs")).isEmpty();
    }

    static Stream<Arguments> tensorsOfEveryDatatype() {
        return Stream.of(
                arguments(Tensor.of("t", DataType.BOOL, new long[] {2}, new boolean[] {true, false})),
                arguments(Tensor.of("t", DataType.UINT8, new long[] {2}, new byte[] {0, (byte) 255})),
                arguments(Tensor.of("t", DataType.INT8, new long[] {2}, new byte[] {-128, 127})),
                arguments(Tensor.of("t", DataType.UINT16, new long[] {2}, new short[] {1, (short) 65535})),
                arguments(Tensor.of("t", DataType.INT16, new long[] {2}, new short[] {-32768, 32767})),
                arguments(Tensor.of("t", DataType.UINT32, new long[] {2}, new int[] {1, -1})),
                arguments(Tensor.of("t", DataType.INT32, new long[] {2}, new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE})),
                arguments(Tensor.of("t", DataType.UINT64, new long[] {2}, new long[] {Long.MIN_VALUE, -1})),
                arguments(Tensor.of("t", DataType.INT64, new long[] {2}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE})),
                arguments(Tensor.of("t", DataType.FP16, new long[] {2},
                        new short[] {Float.floatToFloat16(0.5f), Float.floatToFloat16(-65504f)})),
                arguments(Tensor.of("t", DataType.FP32, new long[] {2}, new float[] {Float.MIN_VALUE, -Float.MAX_VALUE})),
                arguments(Tensor.of("t", DataType.FP64, new long[] {2}, new double[] {0.1, Double.MAX_VALUE})),
                arguments(Tensor.of("t", DataType.BYTES, new long[] {2}, new String[] {"a\"b", "ünï\n"})),
                arguments(Tensor.of("t", DataType.FP32, new long[] {}, new float[] {3.5f})),
                arguments(Tensor.of("t", DataType.INT64, new long[] {0, 4}, new long[0])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tensorsOfEveryDatatype")
    void encodeInferResponse_should_write_every_datatype_so_that_it_decodes_back_unchanged(Tensor tensor) throws Exception {
        // GIVEN a response holding the tensor, extremes included
        JsonNode outputs = MAPPER.readTree(codec.encodeInferResponse("m", "1", null, null, List.of(tensor))).get("outputs");

        // WHEN its output is sent back as a request input
        ObjectNode request = MAPPER.createObjectNode();
        request.set("inputs", outputs);
        Tensor decoded = codec.decodeInferRequest(MAPPER.writeValueAsBytes(request)).inputs().get("t");

        // THEN the very same tensor comes back
        assertThat(decoded).isEqualTo(tensor);
    }

    static Stream<Arguments> unsignedExtremes() {
        return Stream.of(
                arguments(Tensor.of("u", DataType.UINT8, new long[] {1}, new byte[] {-1}), "255"),
                arguments(Tensor.of("u", DataType.UINT16, new long[] {1}, new short[] {-1}), "65535"),
                arguments(Tensor.of("u", DataType.UINT32, new long[] {1}, new int[] {-1}), "4294967295"),
                arguments(Tensor.of("u", DataType.UINT64, new long[] {1}, new long[] {-1}), "18446744073709551615"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignedExtremes")
    void encodeInferResponse_should_write_unsigned_types_as_non_negative_numbers(Tensor tensor, String expected)
            throws Exception {
        // GIVEN an unsigned tensor whose bits are all ones
        JsonNode data = MAPPER.readTree(codec.encodeInferResponse("m", "1", null, null, List.of(tensor)))
                .get("outputs").get(0).get("data");

        // THEN the JSON number is the type's maximum, not -1
        assertThat(data.get(0).bigIntegerValue()).isEqualTo(new BigInteger(expected));
    }

    @Test
    void encodeModelMetadata_should_describe_name_versions_platform_and_the_signature() throws Exception {
        // GIVEN the digits signature
        Signature signature = SampleModels.card(ModelKey.parse("digits/1.0.0")).signature();

        // WHEN the metadata is encoded
        JsonNode json = MAPPER.readTree(codec.encodeModelMetadata("digits", List.of("1.0.0", "1.1.0"), signature));

        // THEN it is the spec's model metadata object, -1 for dynamic dimensions
        assertThat(json.get("name").asText()).isEqualTo("digits");
        assertThat(MAPPER.convertValue(json.get("versions"), String[].class)).containsExactly("1.0.0", "1.1.0");
        assertThat(json.get("platform").asText()).isEqualTo("onnxruntime_onnx");
        assertThat(json.get("inputs")).hasSize(1);
        assertThat(json.get("inputs").get(0).get("name").asText()).isEqualTo("input");
        assertThat(json.get("inputs").get(0).get("datatype").asText()).isEqualTo("FP32");
        assertThat(MAPPER.convertValue(json.get("inputs").get(0).get("shape"), long[].class)).containsExactly(-1, 1, 8, 8);
        assertThat(json.get("outputs")).hasSize(2);
        assertThat(json.get("outputs").get(0).get("name").asText()).isEqualTo("probabilities");
        assertThat(MAPPER.convertValue(json.get("outputs").get(0).get("shape"), long[].class)).containsExactly(-1, 10);
        assertThat(json.get("outputs").get(1).get("name").asText()).isEqualTo("label");
        assertThat(json.get("outputs").get(1).get("datatype").asText()).isEqualTo("INT64");
        assertThat(MAPPER.convertValue(json.get("outputs").get(1).get("shape"), long[].class)).containsExactly(-1);
    }

    @Test
    void encodeServerMetadata_should_write_name_version_and_extensions() throws Exception {
        // WHEN the server metadata is encoded
        JsonNode json = MAPPER.readTree(codec.encodeServerMetadata("modelfn", "0.1.0", List.of("model_repository")));

        // THEN it holds exactly the spec's three fields
        assertThat(json.get("name").asText()).isEqualTo("modelfn");
        assertThat(json.get("version").asText()).isEqualTo("0.1.0");
        assertThat(MAPPER.convertValue(json.get("extensions"), String[].class)).containsExactly("model_repository");
        assertThat(json.size()).isEqualTo(3);
    }

    @Test
    void encodeError_should_write_the_message_as_the_only_field_escaping_it() throws Exception {
        // GIVEN a message with quotes, a backslash and a newline
        String message = "input \"x\" is bad\\\nreally";

        // WHEN encoded
        JsonNode json = MAPPER.readTree(OipCodec.encodeError(message));

        // THEN it reads back unchanged as {"error": ...}
        assertThat(json.get("error").asText()).isEqualTo(message);
        assertThat(json.size()).isEqualTo(1);
    }

    @Test
    void encodeError_should_write_a_generic_message_when_there_is_none() throws Exception {
        // WHEN an error without a message is encoded
        JsonNode json = MAPPER.readTree(OipCodec.encodeError(null));

        // THEN the error field is still a string
        assertThat(json.get("error").asText()).isEqualTo("error");
    }

    @Test
    void ordered_should_follow_the_requested_order_or_the_model_order_when_none_was_requested() {
        // GIVEN the model's outputs in its own order
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("probabilities", PROBABILITIES);
        outputs.put("label", LABEL);

        // WHEN ordered by requests naming label first with an unknown output, label alone, and nothing
        List<Tensor> requested = OipCodec.ordered(outputs, List.of("label", "nope", "probabilities"));
        List<Tensor> one = OipCodec.ordered(outputs, List.of("label"));
        List<Tensor> all = OipCodec.ordered(outputs, List.of());

        // THEN the requested order is kept, unknown names skipped, and the model's order is the default
        assertThat(requested).containsExactly(LABEL, PROBABILITIES);
        assertThat(one).containsExactly(LABEL);
        assertThat(all).containsExactly(PROBABILITIES, LABEL);
    }
}
