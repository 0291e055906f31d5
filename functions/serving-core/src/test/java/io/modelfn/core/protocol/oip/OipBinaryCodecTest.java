package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Triton's binary tensor data extension in the inference protocol's codec: requests whose inputs are
 * raw little-endian bytes after the JSON part, answers whose outputs are, and how each malformed
 * framing is refused.
 */
class OipBinaryCodecTest {

    private final OipCodec codec = new OipCodec();

    /** The JSON part followed by the binary part, and the JSON part's length (Inference-Header-Content-Length). */
    record Framed(byte[] body, int headerLength) {
    }

    private static Framed frame(String json, byte[]... binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(header);
        for (byte[] b : binary) {
            out.writeBytes(b);
        }
        return new Framed(out.toByteArray(), header.length);
    }

    private static byte[] le(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(buffer);
        return buffer.array();
    }

    private OipInferRequest decode(Framed framed) {
        return codec.decodeInferRequest(framed.body(), framed.headerLength());
    }

    @Test
    void decodeInferRequest_should_read_the_documented_example_of_the_extension() {
        // GIVEN the extension's own example: a UINT32 [2, 2] and a BOOL [3] input in binary (19 bytes)
        Framed framed = frame("""
                {"inputs": [
                  {"name": "input0", "shape": [2, 2], "datatype": "UINT32", "parameters": {"binary_data_size": 16}},
                  {"name": "input1", "shape": [3], "datatype": "BOOL", "parameters": {"binary_data_size": 3}}],
                 "outputs": [{"name": "output0", "parameters": {"binary_data": true}}]}""",
                le(16, b -> b.putInt(1).putInt(2).putInt(-1).putInt(4)), new byte[] {1, 0, 1});

        // WHEN decoded
        OipInferRequest request = decode(framed);

        // THEN both tensors hold the bytes' values, and output0 is to be answered in binary
        assertThat(request.inputs().get("input0").ints()).containsExactly(1, 2, -1, 4);
        assertThat(request.inputs().get("input0").shape()).containsExactly(2, 2);
        assertThat(request.inputs().get("input1").booleans()).containsExactly(true, false, true);
        assertThat(request.binaryOutput("output0")).isTrue();
        assertThat(request.binaryOutput("other")).isFalse();
    }

    @Test
    void decodeInferRequest_should_mix_json_and_binary_inputs_taking_bytes_in_input_order() {
        // GIVEN a JSON input between two binary ones, the binary parameter before the shape in one
        Framed framed = frame("""
                {"inputs": [
                  {"name": "a", "datatype": "FP32", "shape": [2], "parameters": {"binary_data_size": 8}},
                  {"name": "b", "datatype": "INT64", "shape": [1], "data": [7]},
                  {"parameters": {"binary_data_size": 12}, "name": "c", "datatype": "BYTES", "shape": [2]}]}""",
                le(8, b -> b.putFloat(1.5f).putFloat(-0.0f)),
                le(12, b -> b.putInt(3).put("héy".getBytes(StandardCharsets.UTF_8), 0, 3).putInt(1).put((byte) 'z')));

        // WHEN decoded
        OipInferRequest request = decode(framed);

        // THEN each binary input took its own bytes, in order
        assertThat(request.inputs().keySet()).containsExactly("a", "b", "c");
        assertThat(Float.floatToRawIntBits(request.inputs().get("a").floats()[1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(request.inputs().get("b").longs()).containsExactly(7);
        assertThat(request.inputs().get("c").strings()).containsExactly("hé", "z");
    }

    @Test
    void decodeInferRequest_should_read_every_fixed_size_type_little_endian() {
        // GIVEN one element of each fixed-size type, written as numpy's tobytes() writes it
        Map<DataType, byte[]> bytes = new LinkedHashMap<>();
        bytes.put(DataType.UINT8, new byte[] {(byte) 0xff});
        bytes.put(DataType.INT8, new byte[] {(byte) 0x80});
        bytes.put(DataType.UINT16, le(2, b -> b.putShort((short) 0xfffe)));
        bytes.put(DataType.INT16, le(2, b -> b.putShort((short) -2)));
        bytes.put(DataType.FP16, le(2, b -> b.putShort(Float.floatToFloat16(-2.5f))));
        bytes.put(DataType.UINT32, le(4, b -> b.putInt(0xfffffffe)));
        bytes.put(DataType.INT32, le(4, b -> b.putInt(-3)));
        bytes.put(DataType.FP32, le(4, b -> b.putFloat(3.25f)));
        bytes.put(DataType.UINT64, le(8, b -> b.putLong(-1L)));
        bytes.put(DataType.INT64, le(8, b -> b.putLong(Long.MIN_VALUE)));
        bytes.put(DataType.FP64, le(8, b -> b.putDouble(Math.PI)));
        bytes.put(DataType.BOOL, new byte[] {1});
        StringBuilder inputs = new StringBuilder();
        for (var e : bytes.entrySet()) {
            inputs.append(inputs.isEmpty() ? "" : ",").append("{\"name\":\"").append(e.getKey()).append("\",\"datatype\":\"")
                    .append(e.getKey().oipName()).append("\",\"shape\":[1],\"parameters\":{\"binary_data_size\":")
                    .append(e.getValue().length).append("}}");
        }

        // WHEN decoded
        OipInferRequest request = decode(frame("{\"inputs\":[" + inputs + "]}", bytes.values().toArray(byte[][]::new)));

        // THEN each holds the value its bytes stand for
        Map<String, Tensor> in = request.inputs();
        assertThat(in.get("UINT8").bytes()[0] & 0xff).isEqualTo(255);
        assertThat(in.get("INT8").bytes()[0]).isEqualTo((byte) -128);
        assertThat(in.get("UINT16").shorts()[0] & 0xffff).isEqualTo(0xfffe);
        assertThat(in.get("INT16").shorts()[0]).isEqualTo((short) -2);
        assertThat(Float.float16ToFloat(in.get("FP16").shorts()[0])).isEqualTo(-2.5f);
        assertThat(in.get("UINT32").ints()[0] & 0xffffffffL).isEqualTo(0xfffffffeL);
        assertThat(in.get("INT32").ints()[0]).isEqualTo(-3);
        assertThat(in.get("FP32").floats()[0]).isEqualTo(3.25f);
        assertThat(in.get("UINT64").longs()[0]).isEqualTo(-1L);
        assertThat(in.get("INT64").longs()[0]).isEqualTo(Long.MIN_VALUE);
        assertThat(in.get("FP64").doubles()[0]).isEqualTo(Math.PI);
        assertThat(in.get("BOOL").booleans()[0]).isTrue();
    }

    @Test
    void decodeInferRequest_should_read_a_json_only_body_framed_with_its_own_length() {
        // GIVEN a JSON request whose Inference-Header-Content-Length is the whole body
        Framed framed = frame("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[2]}]}");

        // WHEN decoded THEN it is an ordinary request
        assertThat(decode(framed).inputs().get("x").floats()).containsExactly(2f);
    }

    @Test
    void binaryOutput_should_follow_the_request_parameter_unless_the_output_says_otherwise() {
        // GIVEN binary_data_output true, one output opting out and one opting in explicitly
        OipInferRequest request = codec.decodeInferRequest("""
                {"parameters": {"binary_data_output": true},
                 "inputs": [{"name": "x", "datatype": "FP32", "shape": [1], "data": [1]}],
                 "outputs": [{"name": "json", "parameters": {"binary_data": false}},
                             {"name": "bin", "parameters": {"binary_data": true}}, {"name": "plain"}]}"""
                .getBytes(StandardCharsets.UTF_8));

        // THEN the output's own choice wins, the request's applies to the rest
        assertThat(request.binaryOutput("json")).isFalse();
        assertThat(request.binaryOutput("bin")).isTrue();
        assertThat(request.binaryOutput("plain")).isTrue();
    }

    // ---- malformed framings --------------------------------------------------------------------

    private static final String ONE_FP32_PAIR =
            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"parameters\":{\"binary_data_size\":%s}}]}";

    @Test
    void decodeInferRequest_should_refuse_sizes_that_leave_bytes_over() {
        Framed framed = frame(ONE_FP32_PAIR.formatted(8), new byte[12]);

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("4 bytes of binary data after the JSON part belong to no input");
    }

    @Test
    void decodeInferRequest_should_refuse_sizes_past_the_bytes_given() {
        Framed framed = frame(ONE_FP32_PAIR.formatted(8), new byte[4]);

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("binary_data_size 8 but only 4 bytes");
    }

    @Test
    void decodeInferRequest_should_refuse_a_size_that_differs_from_shape_times_element_size() {
        Framed framed = frame(ONE_FP32_PAIR.formatted(4), new byte[4]);

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("binary_data_size 4 but its shape [2] of FP32 needs 8 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-8", "8.5", "\"8\"", "true", "99999999999999999999"})
    void decodeInferRequest_should_refuse_a_size_that_is_not_a_non_negative_integer(String size) {
        Framed framed = frame(ONE_FP32_PAIR.formatted(size), new byte[8]);

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'binary_data_size' must be a non-negative integer");
    }

    @Test
    void decodeInferRequest_should_refuse_an_input_with_both_data_and_a_binary_size() {
        Framed framed = frame("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],"
                + "\"parameters\":{\"binary_data_size\":4}}]}", new byte[4]);

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("has both 'data' and binary_data_size");
    }

    @Test
    void decodeInferRequest_should_refuse_an_unknown_datatype_of_a_binary_input() {
        Framed framed = frame("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP8\",\"shape\":[1],"
                + "\"parameters\":{\"binary_data_size\":1}}]}", new byte[1]);

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("unknown datatype 'FP8'");
    }

    @Test
    void decodeInferRequest_should_refuse_bool_bytes_other_than_zero_and_one() {
        Framed framed = frame("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BOOL\",\"shape\":[2],"
                + "\"parameters\":{\"binary_data_size\":2}}]}", new byte[] {1, 2});

        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("byte 0 or 1");
    }

    @Test
    void decodeInferRequest_should_refuse_bytes_elements_whose_length_overruns_or_that_are_not_utf8() {
        String json = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BYTES\",\"shape\":[1],"
                + "\"parameters\":{\"binary_data_size\":6}}]}";

        assertThatThrownBy(() -> decode(frame(json, le(6, b -> b.putInt(5).put((byte) 'a').put((byte) 'b')))))
                .isInstanceOf(MalformedRequestException.class).hasMessageContaining("runs past its binary_data_size");
        assertThatThrownBy(() -> decode(frame(json, le(6, b -> b.putInt(2).put((byte) 0xc3).put((byte) 0x28)))))
                .isInstanceOf(MalformedRequestException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> decode(frame(json, le(6, b -> b.putInt(1).put((byte) 'a').put((byte) 'b')))))
                .isInstanceOf(MalformedRequestException.class).hasMessageContaining("elements take 5 bytes");
    }

    @Test
    void decodeInferRequest_should_refuse_a_bytes_shape_too_large_for_its_size_before_allocating() {
        // GIVEN a BYTES shape of two billion elements and 8 bytes of data
        Framed framed = frame("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BYTES\",\"shape\":[2000000000],"
                + "\"parameters\":{\"binary_data_size\":8}}]}", new byte[8]);

        // THEN it is refused at once, not after allocating two billion strings
        assertThatThrownBy(() -> decode(framed)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("too small for the 2000000000 BYTES elements");
    }

    @Test
    void decodeInferRequest_should_refuse_binary_choices_that_are_not_booleans() {
        String input = "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]";

        assertThatThrownBy(() -> codec.decodeInferRequest(("{\"parameters\":{\"binary_data_output\":\"yes\"}," + input + "}")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'binary_data_output' must be true or false");
        assertThatThrownBy(() -> codec.decodeInferRequest(("{" + input + ",\"outputs\":[{\"name\":\"y\",\"parameters\":"
                + "{\"binary_data\":1}}]}").getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'binary_data' must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "+5", "abc", "1e3", "0x10", "12345678901", "99999999999999999999"})
    void headerLength_should_refuse_values_that_are_not_a_non_negative_decimal_integer(String value) {
        assertThatThrownBy(() -> BinaryTensorExtension.headerLength(value, 100))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("Inference-Header-Content-Length must be a non-negative decimal integer");
    }

    @Test
    void headerLength_should_refuse_a_length_past_the_end_of_the_body() {
        assertThatThrownBy(() -> BinaryTensorExtension.headerLength("101", 100))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("is 101 but the body has only 100 bytes");
        assertThat(BinaryTensorExtension.headerLength(" 100 ", 100)).isEqualTo(100);
        assertThat(BinaryTensorExtension.headerLength("0", 100)).isZero();
    }

    @Test
    void decodeInferRequest_should_refuse_a_json_part_cut_short_by_the_header_length() {
        Framed whole = frame(ONE_FP32_PAIR.formatted(8), new byte[8]);

        assertThatThrownBy(() -> codec.decodeInferRequest(whole.body(), whole.headerLength() - 3))
                .isInstanceOf(MalformedRequestException.class).hasMessageStartingWith("invalid JSON");
    }

    // ---- answers --------------------------------------------------------------------------------

    @Test
    void encodeInferResponse_should_put_binary_outputs_after_the_json_part_with_their_sizes() throws IOException {
        // GIVEN an FP32 output to send in binary and an INT64 one in JSON
        Tensor probabilities = Tensor.ofFloats("probabilities", new long[] {1, 3}, new float[] {0.25f, 0.5f, 0.25f});
        Tensor label = Tensor.ofLongs("label", new long[] {1}, new long[] {1});
        Tensor text = Tensor.of("text", DataType.BYTES, new long[] {2}, new String[] {"ok", "✓"});

        // WHEN encoded
        EncodedInferResponse response = codec.encodeInferResponse("m", "1.0.0", "r", Map.of(),
                List.of(probabilities, label, text), Set.of("probabilities", "text")::contains);

        // THEN the JSON part lists all three, the binary ones with binary_data_size and no data
        assertThat(response.binary()).isTrue();
        JsonNode header = Json.MAPPER.readTree(Arrays.copyOf(response.bytes(), response.headerLength()));
        JsonNode outputs = header.path("outputs");
        assertThat(outputs.get(0).path("parameters").path("binary_data_size").asLong()).isEqualTo(12);
        assertThat(outputs.get(0).has("data")).isFalse();
        assertThat(outputs.get(1).path("data").get(0).asLong()).isEqualTo(1);
        assertThat(outputs.get(2).path("parameters").path("binary_data_size").asLong()).isEqualTo(4 + 2 + 4 + 3);
        // AND the bytes after it are the binary outputs, in order, little-endian
        ByteBuffer rest = ByteBuffer.wrap(response.bytes(), response.headerLength(),
                response.bytes().length - response.headerLength()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {rest.getFloat(), rest.getFloat(), rest.getFloat()}).containsExactly(0.25f, 0.5f, 0.25f);
        assertThat(rest.getInt()).isEqualTo(2);
        rest.position(rest.position() + 2);
        assertThat(rest.getInt()).isEqualTo(3);
        assertThat(rest.remaining()).isEqualTo(3);
    }

    @Test
    void encodeInferResponse_should_answer_json_only_when_no_output_is_binary() {
        Tensor label = Tensor.ofLongs("label", new long[] {1}, new long[] {1});

        EncodedInferResponse response = codec.encodeInferResponse("m", "1.0.0", null, Map.of(), List.of(label), n -> false);

        assertThat(response.binary()).isFalse();
        assertThat(response.bytes()).isEqualTo(codec.encodeInferResponse("m", "1.0.0", null, Map.of(), List.of(label)));
    }
}
