package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding Open Inference Protocol inference requests: what is accepted, and how each mistake is refused. */
class OipCodecDecodeTest {

    private final OipCodec codec = new OipCodec();

    private OipInferRequest decode(String body) {
        return codec.decodeInferRequest(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A request with one input tensor, its fields written as given. */
    private static String withTensor(String tensorFields) {
        return "{\"inputs\": [{" + tensorFields + "}]}";
    }

    /** A request with one input {@code x} of the given datatype, shape and data (all JSON text). */
    private static String withData(String datatype, String shape, String data) {
        return withTensor("\"name\": \"x\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape + ", \"data\": " + data);
    }

    /** A valid one-input request with more top-level fields ({@code "outputs": ...}) after the inputs. */
    private static String withExtra(String topLevelFields) {
        return "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}], "
                + topLevelFields + "}";
    }

    private static String nested(int depth, String inner) {
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    private static String ones(int rank) {
        return "[" + String.join(",", java.util.Collections.nCopies(rank, "1")) + "]";
    }

    // ---- what is accepted ------------------------------------------------------------------

    @Test
    void decodeInferRequest_should_read_id_parameters_inputs_and_requested_outputs() {
        // GIVEN a request using every top-level field
        String body = """
                {"id": "req-42",
                 "parameters": {"priority": 3, "trace": true, "tag": "a"},
                 "inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 2], "data": [1.5, 2, -3.25, 4]}],
                 "outputs": [{"name": "label"}, {"name": "probabilities", "parameters": {"binary_data": false}}]}
                """;

        // WHEN it is decoded
        OipInferRequest request = decode(body);

        // THEN every field is kept
        assertThat(request.id()).isEqualTo("req-42");
        assertThat(request.parameters().get("priority").asInt()).isEqualTo(3);
        assertThat(request.parameters().get("trace").asBoolean()).isTrue();
        assertThat(request.parameters().get("tag").asText()).isEqualTo("a");
        assertThat(request.inputs()).containsOnlyKeys("input");
        assertThat(request.inputs().get("input"))
                .isEqualTo(Tensor.ofFloats("input", new long[] {2, 2}, new float[] {1.5f, 2f, -3.25f, 4f}));
        assertThat(request.outputs()).containsExactly("label", "probabilities");
    }

    @Test
    void decodeInferRequest_should_leave_id_parameters_and_outputs_empty_when_absent() {
        // GIVEN a request with inputs only
        String body = withData("INT64", "[1]", "[7]");

        // WHEN it is decoded
        OipInferRequest request = decode(body);

        // THEN there is no id, no parameters, and every output is wanted
        assertThat(request.id()).isNull();
        assertThat(request.parameters()).isNull();
        assertThat(request.outputs()).isEmpty();
        assertThat(request.inputs().get("x")).isEqualTo(Tensor.ofLongs("x", new long[] {1}, new long[] {7}));
    }

    @Test
    void decodeInferRequest_should_keep_several_inputs_in_request_order() {
        // GIVEN three inputs of different types
        String body = """
                {"inputs": [
                  {"name": "c", "datatype": "BOOL", "shape": [2], "data": [true, false]},
                  {"name": "a", "datatype": "BYTES", "shape": [1], "data": ["héllo \\"quoted\\""]},
                  {"name": "b", "datatype": "INT32", "shape": [1, 3], "data": [[1, -2, 3]]}]}
                """;

        // WHEN it is decoded
        OipInferRequest request = decode(body);

        // THEN the inputs come in request order with their values
        assertThat(request.inputs().keySet()).containsExactly("c", "a", "b");
        assertThat(request.inputs().get("c").booleans()).containsExactly(true, false);
        assertThat(request.inputs().get("a").strings()).containsExactly("héllo \"quoted\"");
        assertThat(request.inputs().get("b").ints()).containsExactly(1, -2, 3);
        assertThat(request.inputs().get("b").shape()).containsExactly(1, 3);
    }

    static Stream<Arguments> nestedDataMatchingTheShape() {
        return Stream.of(
                arguments("[2, 3]", "[[1, 2, 3], [4, 5, 6]]"),
                arguments("[3, 2]", "[[1, 2], [3, 4], [5, 6]]"),
                arguments("[1, 2, 3]", "[[[1, 2, 3], [4, 5, 6]]]"),
                arguments("[2, 1, 3, 1]", "[[[[1], [2], [3]]], [[[4], [5], [6]]]]"),
                arguments("[6]", "[1, 2, 3, 4, 5, 6]"),
                arguments("[2, 3]", "[1, 2, 3, 4, 5, 6]"),
                arguments("[3, 1, 2]", "[1, 2, 3, 4, 5, 6]"));
    }

    @ParameterizedTest(name = "shape {0}, data {1}")
    @MethodSource("nestedDataMatchingTheShape")
    void decodeInferRequest_should_read_flat_data_or_data_nested_as_the_shape_in_row_major_order(String shape, String data) {
        // GIVEN six values, flat or nested as the shape says
        String body = withData("FP64", shape, data);

        // WHEN it is decoded
        Tensor tensor = decode(body).inputs().get("x");

        // THEN the values are flat in row-major order under the declared shape
        assertThat(tensor.doubles()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(tensor.shape()).containsExactly(Stream.of(shape.replaceAll("[\\[\\] ]", "").split(","))
                .mapToLong(Long::parseLong).toArray());
    }

    static Stream<String> fieldOrders() {
        return Stream.of(
                "\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2, 2], \"data\": [[1, 2], [3, 4]]",
                "\"data\": [[1, 2], [3, 4]], \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2, 2]",
                "\"name\": \"x\", \"data\": [[1, 2], [3, 4]], \"shape\": [2, 2], \"datatype\": \"FP32\"",
                "\"shape\": [2, 2], \"datatype\": \"FP32\", \"data\": [[1, 2], [3, 4]], \"name\": \"x\"",
                "\"data\": [1, 2, 3, 4], \"parameters\": {\"content_type\": \"x\"}, \"shape\": [2, 2], \"datatype\": \"FP32\", \"name\": \"x\"");
    }

    @ParameterizedTest
    @MethodSource("fieldOrders")
    void decodeInferRequest_should_read_the_same_tensor_whatever_the_order_of_its_fields(String fields) {
        // GIVEN a tensor whose data may come before its name, datatype or shape
        String body = withTensor(fields);

        // WHEN it is decoded
        Tensor tensor = decode(body).inputs().get("x");

        // THEN it is the same tensor as in the usual order
        assertThat(tensor).isEqualTo(Tensor.ofFloats("x", new long[] {2, 2}, new float[] {1, 2, 3, 4}));
    }

    @Test
    void decodeInferRequest_should_read_decimals_as_float_parse_float_does_whether_data_comes_before_or_after_the_datatype() {
        // GIVEN decimals short and long (the short ones read on the fast path, the long ones by the general parser),
        // sent once after the tensor's datatype and shape and once before them (buffered until they are known)
        String[] texts = {"5.1", "0.0625", "-2.75e-3", "13", "-0.0", "0.30000001192092896", "3.4028234e38", "1.17549435E-38"};
        String data = "[" + String.join(", ", texts) + "]";
        String shape = "[" + texts.length + "]";
        String after = withData("FP32", shape, data);
        String before = withTensor("\"data\": " + data + ", \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": " + shape);

        // WHEN both are decoded
        float[] read = decode(after).inputs().get("x").floats();
        float[] buffered = decode(before).inputs().get("x").floats();

        // THEN each value is Float.parseFloat's, bit for bit, both ways
        for (int i = 0; i < texts.length; i++) {
            int expected = Float.floatToRawIntBits(Float.parseFloat(texts[i]));
            assertThat(Float.floatToRawIntBits(read[i])).as(texts[i]).isEqualTo(expected);
            assertThat(Float.floatToRawIntBits(buffered[i])).as(texts[i] + ", buffered").isEqualTo(expected);
        }
    }

    static Stream<Arguments> everyDatatype() {
        return Stream.of(
                arguments("BOOL", "[true, false, true]", new boolean[] {true, false, true}),
                arguments("UINT8", "[0, 128, 255]", new byte[] {0, (byte) 128, (byte) 255}),
                arguments("INT8", "[-128, 0, 127]", new byte[] {-128, 0, 127}),
                arguments("UINT16", "[0, 40000, 65535]", new short[] {0, (short) 40000, (short) 65535}),
                arguments("INT16", "[-32768, 1, 32767]", new short[] {Short.MIN_VALUE, 1, Short.MAX_VALUE}),
                arguments("UINT32", "[0, 3000000000, 4294967295]", new int[] {0, (int) 3_000_000_000L, -1}),
                arguments("INT32", "[-2147483648, 5, 2147483647]", new int[] {Integer.MIN_VALUE, 5, Integer.MAX_VALUE}),
                arguments("UINT64", "[0, 9223372036854775808, 18446744073709551615]",
                        new long[] {0, Long.MIN_VALUE, -1}),
                arguments("INT64", "[-9223372036854775808, 0, 9223372036854775807]",
                        new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}),
                arguments("FP16", "[1.5, -2, 65504]", new short[] {Float.floatToFloat16(1.5f),
                        Float.floatToFloat16(-2f), Float.floatToFloat16(65504f)}),
                arguments("FP32", "[1.5, -2, 3.4028235e38]", new float[] {1.5f, -2f, Float.MAX_VALUE}),
                arguments("FP64", "[1.5, -2, 1.7976931348623157e308]", new double[] {1.5, -2, Double.MAX_VALUE}),
                arguments("BYTES", "[\"a\", \"\", \"ünï\"]", new String[] {"a", "", "ünï"}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyDatatype")
    void decodeInferRequest_should_read_every_datatype_into_its_primitive_array_up_to_its_limits(
            String datatype, String data, Object expected) {
        // GIVEN three values of the datatype, extremes included
        String body = withData(datatype, "[3]", data);

        // WHEN it is decoded
        Tensor tensor = decode(body).inputs().get("x");

        // THEN the tensor holds them in the type's array
        assertThat(tensor).isEqualTo(Tensor.of("x", DataType.fromOipName(datatype).orElseThrow(), new long[] {3}, expected));
    }

    @Test
    void decodeInferRequest_should_accept_a_scalar_with_an_empty_shape() {
        // GIVEN a rank-0 tensor
        String body = withData("FP32", "[]", "[2.5]");

        // WHEN it is decoded
        Tensor tensor = decode(body).inputs().get("x");

        // THEN it has no dimensions and one value
        assertThat(tensor.rank()).isZero();
        assertThat(tensor.floats()).containsExactly(2.5f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0]", "[0, 4]", "[2, 0]"})
    void decodeInferRequest_should_accept_an_empty_tensor_when_a_dimension_is_zero(String shape) {
        // GIVEN a shape with no elements and empty data
        String data = shape.equals("[2, 0]") ? "[[], []]" : "[]";

        // WHEN it is decoded
        Tensor tensor = decode(withData("FP32", shape, data)).inputs().get("x");

        // THEN the tensor is empty
        assertThat(tensor.size()).isZero();
    }

    @Test
    void decodeInferRequest_should_accept_32_dimensions_with_flat_or_fully_nested_data() {
        // GIVEN a [1, 1, ..., 1] tensor of rank 32, flat and nested
        String flat = withData("INT8", ones(32), "[7]");
        String deep = withData("INT8", ones(32), nested(32, "7"));

        // WHEN both are decoded
        Tensor fromFlat = decode(flat).inputs().get("x");
        Tensor fromDeep = decode(deep).inputs().get("x");

        // THEN both have rank 32 and the value
        assertThat(fromFlat.rank()).isEqualTo(32);
        assertThat(fromFlat.bytes()).containsExactly(7);
        assertThat(fromDeep).isEqualTo(fromFlat);
    }

    @Test
    void decodeInferRequest_should_accept_trailing_whitespace_after_the_object() {
        // GIVEN a request followed by blank lines
        String body = withData("FP32", "[1]", "[1]") + "\n\r\n  \t";

        // WHEN it is decoded
        OipInferRequest request = decode(body);

        // THEN the input is read
        assertThat(request.inputs()).containsOnlyKeys("x");
    }

    // ---- what is refused -------------------------------------------------------------------

    static Stream<Arguments> bodiesThatAreNotOneObject() {
        String valid = withData("FP32", "[1]", "[1]");
        return Stream.of(
                arguments("empty body", "", "JSON object"),
                arguments("only whitespace", "  \n ", "JSON object"),
                arguments("an array root", "[" + valid + "]", "JSON object"),
                arguments("a number root", "42", "JSON object"),
                arguments("a string root", "\"inputs\"", "JSON object"),
                arguments("a null root", "null", "JSON object"),
                arguments("truncated in the data", valid.substring(0, valid.length() - 5), "invalid JSON"),
                arguments("truncated after the inputs", valid.substring(0, valid.length() - 1), "invalid JSON"),
                arguments("trailing garbage", valid + " x", "invalid JSON"),
                arguments("a second object", valid + " {}", "unexpected content after"),
                arguments("a trailing comma", "{\"inputs\": [], }", "invalid JSON"),
                arguments("single quotes", "{'inputs': []}", "invalid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesThatAreNotOneObject")
    void decodeInferRequest_should_refuse_a_body_that_is_not_exactly_one_json_object(String what, String body, String says) {
        // WHEN the body is decoded THEN it is refused, saying why
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    static Stream<Arguments> unknownFields() {
        return Stream.of(
                arguments("{\"input\": []}", "unknown field 'input' in the inference request"),
                arguments(withTensor("\"name\": \"x\", \"dtype\": \"FP32\""), "unknown field 'dtype' in an input tensor"),
                arguments(withData("FP32", "[1]", "[1]").replace("}]}", ", \"contents\": {}}]}"),
                        "unknown field 'contents' in an input tensor"),
                arguments(withExtra("\"outputs\": [{\"name\": \"y\", \"binary\": true}]"),
                        "unknown field 'binary' in a requested output"));
    }

    @ParameterizedTest
    @MethodSource("unknownFields")
    void decodeInferRequest_should_refuse_unknown_fields_at_every_level(String body, String says) {
        // WHEN a field is misspelt THEN it is refused rather than ignored, and named with where it was
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    @Test
    void decodeInferRequest_should_abbreviate_a_long_unknown_field_name_in_its_message() {
        // GIVEN an unknown field name of 10,000 characters
        String name = "z".repeat(10_000);

        // WHEN it is decoded THEN the message names at most 64 characters of it
        assertThatThrownBy(() -> decode("{\"" + name + "\": 1}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("unknown field '" + "z".repeat(64) + "...'")
                .hasMessageNotContaining("z".repeat(65));
    }

    static Stream<Arguments> duplicateKeys() {
        return Stream.of(
                arguments("{\"id\": \"a\", \"id\": \"b\", \"inputs\": []}", "id"),
                arguments(withTensor("\"name\": \"x\", \"name\": \"y\""), "name"),
                arguments(withData("FP32", "[1]", "[1]").replace("\"shape\"", "\"shape\": [2], \"shape\""), "shape"),
                arguments("{\"parameters\": {\"k\": 1, \"k\": 2}, \"inputs\": []}", "k"));
    }

    @ParameterizedTest
    @MethodSource("duplicateKeys")
    void decodeInferRequest_should_refuse_duplicate_keys_in_an_object(String body, String key) {
        // WHEN an object repeats a key THEN the strict parser names it
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("Duplicate field '" + key + "'");
    }

    static Stream<Arguments> namesGivenTwice() {
        String tensor = "{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}";
        return Stream.of(
                arguments("{\"inputs\": [" + tensor + ", " + tensor + "]}", "input 'x' is given twice"),
                arguments(withExtra("\"outputs\": [{\"name\": \"label\"}, {\"name\": \"label\"}]"),
                        "output 'label' is requested twice"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("namesGivenTwice")
    void decodeInferRequest_should_refuse_an_input_or_requested_output_named_twice(String body, String says) {
        // WHEN a request names the same tensor twice THEN the duplicate is named
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"inputs\": []}", "{\"id\": \"x\", \"outputs\": [{\"name\": \"y\"}]}"})
    void decodeInferRequest_should_refuse_a_request_without_inputs(String body) {
        // WHEN there is no input tensor THEN the request is refused
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'inputs' must list at least one input tensor");
    }

    static Stream<Arguments> incompleteTensors() {
        return Stream.of(
                arguments("\"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]", "needs 'name', 'datatype' and 'shape'"),
                arguments("\"name\": \"x\", \"shape\": [1], \"data\": [1]", "needs 'name', 'datatype' and 'shape'"),
                arguments("\"name\": \"x\", \"datatype\": \"FP32\", \"data\": [1]", "needs 'name', 'datatype' and 'shape'"),
                arguments("\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1]", "input 'x' has no 'data'"),
                arguments("", "needs 'name', 'datatype' and 'shape'"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("incompleteTensors")
    void decodeInferRequest_should_refuse_a_tensor_without_name_datatype_shape_or_data(String fields, String says) {
        // WHEN a tensor lacks a required field THEN the missing fields are listed
        assertThatThrownBy(() -> decode(withTensor(fields)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    static Stream<Arguments> fieldsOfTheWrongType() {
        return Stream.of(
                arguments("{\"id\": 42, \"inputs\": []}", "'id' must be a string"),
                arguments("{\"parameters\": [1], \"inputs\": []}", "'parameters' must be a JSON object"),
                arguments("{\"parameters\": {\"a\": {\"b\": 1}}, \"inputs\": []}", "values must be strings, numbers or booleans"),
                arguments("{\"parameters\": {\"a\": [1]}, \"inputs\": []}", "values must be strings, numbers or booleans"),
                arguments("{\"inputs\": {\"name\": \"x\"}}", "'inputs' must be an array of tensors"),
                arguments("{\"inputs\": [[1, 2]]}", "each input must be a JSON object"),
                arguments(withTensor("\"name\": 7"), "input 'name' must be a non-empty string"),
                arguments(withTensor("\"name\": \"\""), "input 'name' must be a non-empty string"),
                arguments(withTensor("\"datatype\": 32"), "input 'datatype' must be a string"),
                arguments(withTensor("\"shape\": \"2,2\""), "'shape' must be an array of integers"),
                arguments(withTensor("\"shape\": [2.0]"), "'shape' must be an array of integers"),
                arguments(withTensor("\"shape\": [\"2\"]"), "'shape' must be an array of integers"),
                arguments(withTensor("\"shape\": [[2]]"), "'shape' must be an array of integers"),
                arguments(withTensor("\"shape\": [99999999999999999999]"), "'shape' must be an array of integers"),
                arguments(withTensor("\"parameters\": \"x\""), "'input parameters' must be a JSON object"),
                arguments(withExtra("\"outputs\": {\"name\": \"y\"}"), "'outputs' must be an array"),
                arguments(withExtra("\"outputs\": [\"y\"]"), "each requested output must be a JSON object"),
                arguments(withExtra("\"outputs\": [{\"name\": 1}]"), "output 'name' must be a string"),
                arguments(withExtra("\"outputs\": [{}]"), "each requested output needs a 'name'"),
                arguments(withExtra("\"outputs\": [{\"name\": \"y\", \"parameters\": 1}]"),
                        "'output parameters' must be a JSON object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fieldsOfTheWrongType")
    void decodeInferRequest_should_refuse_fields_of_the_wrong_json_type(String body, String says) {
        // WHEN a field has the wrong JSON type THEN the message says what it must be
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "fp32", "FP128", "INT128", "STRING", ""})
    void decodeInferRequest_should_refuse_an_unknown_datatype_and_list_the_known_ones(String datatype) {
        // WHEN the datatype is not an OIP name THEN it is quoted and the valid names listed
        assertThatThrownBy(() -> decode(withData(datatype, "[1]", "[1]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("unknown datatype '" + datatype + "'")
                .hasMessageContaining("FP32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[-1]", "[2, -1]", "[-9223372036854775808]"})
    void decodeInferRequest_should_refuse_negative_dimensions(String shape) {
        // WHEN a dimension is negative (OIP requests are concrete) THEN it is refused
        assertThatThrownBy(() -> decode(withData("FP32", shape, "[1]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("dimensions cannot be negative");
    }

    @Test
    void decodeInferRequest_should_refuse_more_than_32_dimensions() {
        // GIVEN 33 dimensions of 1 WHEN decoded THEN the rank is refused
        assertThatThrownBy(() -> decode(withData("FP32", ones(33), "[1]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("more than 32 dimensions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[2147483648]", "[65536, 65536]", "[9223372036854775807, 2]", "[2, 9223372036854775807]",
        "[3, 3074457345618258603]"})
    void decodeInferRequest_should_refuse_a_shape_whose_element_count_no_array_can_hold(String shape) {
        // WHEN the element count passes what a Java array holds (or overflows to a negative) THEN it is refused
        assertThatThrownBy(() -> decode(withData("FP32", shape, "[1, 2]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("invalid shape")
                .hasMessageContaining("more elements than a tensor can hold");
    }
    @ParameterizedTest
    @MethodSource("shapesWhoseElementCountWrapsAround")
    void decodeInferRequest_should_refuse_a_shape_whose_element_count_wraps_around_64_bits(String shape, String data) {
        // GIVEN a shape whose true element count (> 2^63) wraps to a small number in 64-bit arithmetic
        String body = withData("FP32", shape, data);

        // WHEN decoded THEN it is refused like any other overflowing shape
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("invalid shape");
    }

    static Stream<Arguments> shapesWhoseElementCountWrapsAround() {
        return Stream.of(
                arguments("[3, 6148914691236517206]", "[1, 2]"),
                arguments("[4, 4611686018427387904]", "[]"),
                arguments("[2, 4611686018427387904, 2]", "[]"));
    }

    static Stream<Arguments> dataOfTheWrongLength() {
        return Stream.of(
                arguments("[3]", "[1, 2]", "has 2 values but its shape [3] needs 3"),
                arguments("[2, 2]", "[1, 2, 3]", "has 3 values but its shape [2, 2] needs 4"),
                arguments("[2]", "[1, 2, 3]", "more values than its shape [2] holds (2)"),
                arguments("[]", "[1, 2]", "more values than its shape [] holds (1)"),
                arguments("[]", "[]", "has 0 values but its shape [] needs 1"),
                arguments("[0]", "[1]", "more values than its shape [0] holds (0)"),
                arguments("[2000000000]", "[1, 2]", "has 2 values but its shape [2000000000] needs 2000000000"));
    }

    @ParameterizedTest(name = "shape {0}, data {1}")
    @MethodSource("dataOfTheWrongLength")
    void decodeInferRequest_should_refuse_data_whose_length_does_not_match_the_shape(String shape, String data, String says) {
        // WHEN flat data has more or fewer values than the shape THEN both counts are given
        assertThatThrownBy(() -> decode(withData("FP32", shape, data)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    static Stream<Arguments> nestedDataNotMatchingTheShape() {
        return Stream.of(
                arguments("ragged rows", "[2, 2]", "[[1, 2], [3]]", "has 1 entries at depth 1 but its shape [2, 2] says 2"),
                arguments("too many rows", "[2, 2]", "[[1, 2], [3, 4], [5, 6]]", "more values than its shape [2, 2] holds (4)"),
                arguments("too few rows", "[3, 2]", "[[1, 2], [3, 4]]", "has 2 entries at depth 0 but its shape [3, 2] says 3"),
                arguments("rows of the wrong length", "[2, 3]", "[[1, 2], [3, 4], [5, 6]]", "at depth 1"),
                arguments("deeper than the shape", "[2]", "[[1], [2]]", "nested deeper than its shape [2]"),
                arguments("deeper than a scalar", "[]", "[[1]]", "nested deeper than its shape []"),
                arguments("shallower than the shape", "[1, 4, 1]", "[[1, 2, 3, 4]]", "not nested as deep as its shape"),
                arguments("values and arrays mixed", "[2, 2]", "[[1, 2], 3, 4]", "mixes values and arrays at one level"),
                arguments("arrays after values", "[4]", "[1, 2, [3, 4]]", "mixes values and arrays at one level"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestedDataNotMatchingTheShape")
    void decodeInferRequest_should_refuse_nested_data_that_does_not_match_the_shape(
            String what, String shape, String data, String says) {
        // WHEN nested data breaks the shape at some level THEN the level and the sizes are given
        assertThatThrownBy(() -> decode(withData("FP32", shape, data)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("tensor 'x'")
                .hasMessageContaining(says);
    }

    @Test
    void decodeInferRequest_should_check_nested_data_against_the_shape_when_the_data_comes_first() {
        // GIVEN ragged data sent before the shape that it breaks
        String body = withTensor("\"data\": [[1, 2], [3]], \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2, 2]");

        // WHEN decoded THEN the buffered data is checked like streamed data
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("has 1 entries at depth 1");
    }

    static Stream<Arguments> valuesOfTheWrongType() {
        return Stream.of(
                arguments("INT64", "[1.5]", "is INT64: values must be integers"),
                arguments("INT64", "[1.0]", "is INT64: values must be integers"),
                arguments("INT32", "[1e2]", "is INT32: values must be integers"),
                arguments("INT8", "[\"1\"]", "is INT8: values must be integers"),
                arguments("UINT64", "[1.5]", "is UINT64: values must be integers"),
                arguments("FP32", "[\"1.5\"]", "is FP32: values must be numbers"),
                arguments("FP64", "[true]", "is FP64: values must be numbers"),
                arguments("FP16", "[null]", "is FP16: values must be numbers"),
                arguments("FP32", "[{}]", "is FP32: values must be numbers"),
                arguments("BOOL", "[1]", "is BOOL: values must be true or false"),
                arguments("BOOL", "[\"true\"]", "is BOOL: values must be true or false"),
                arguments("BOOL", "[null]", "is BOOL: values must be true or false"),
                arguments("BYTES", "[1]", "is BYTES: values must be strings"),
                arguments("BYTES", "[null]", "is BYTES: values must be strings"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("valuesOfTheWrongType")
    void decodeInferRequest_should_refuse_values_that_do_not_fit_the_datatype(String datatype, String data, String says) {
        // WHEN a value has the wrong JSON type for the datatype THEN the rule is stated
        assertThatThrownBy(() -> decode(withData(datatype, "[1]", data)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("tensor 'x' " + says);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("integersOutOfRange")
    void decodeInferRequest_should_refuse_integers_outside_the_range_of_their_type(String datatype, String value) {
        // WHEN an integer does not fit its type THEN it is refused, not wrapped
        assertThatThrownBy(() -> decode(withData(datatype, "[1]", "[" + value + "]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("tensor 'x' holds a value outside the range of " + datatype);
    }

    static Stream<Arguments> integersOutOfRange() {
        return Stream.of(
                arguments("INT8", "300"), arguments("INT8", "128"), arguments("INT8", "-129"),
                arguments("UINT8", "-1"), arguments("UINT8", "256"),
                arguments("INT16", "32768"), arguments("INT16", "-32769"),
                arguments("UINT16", "-1"), arguments("UINT16", "65536"),
                arguments("INT32", "2147483648"), arguments("INT32", "-2147483649"),
                arguments("UINT32", "-1"), arguments("UINT32", "4294967296"),
                arguments("INT64", "9223372036854775808"), arguments("INT64", "-9223372036854775809"),
                arguments("UINT64", "-1"), arguments("UINT64", "18446744073709551616"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatsOutOfRange")
    void decodeInferRequest_should_refuse_floating_point_values_that_overflow_their_type(String datatype, String value) {
        // WHEN a value overflows to infinity in its type THEN it is refused
        assertThatThrownBy(() -> decode(withData(datatype, "[1]", "[" + value + "]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("tensor 'x' holds a value outside the range of " + datatype);
    }

    static Stream<Arguments> floatsOutOfRange() {
        return Stream.of(
                arguments("FP32", "1e39"), arguments("FP32", "-1e39"), arguments("FP32", "3.5e38"),
                arguments("FP64", "1e309"), arguments("FP64", "-2e308"),
                arguments("FP16", "1e39"));
    }
    @ParameterizedTest
    @ValueSource(strings = {"70000", "-65520", "1e10"})
    void decodeInferRequest_should_refuse_fp16_values_beyond_the_largest_half(String value) {
        // WHEN a value is finite as a float but beyond 65504 THEN it is refused, not stored as infinity
        assertThatThrownBy(() -> decode(withData("FP16", "[1]", "[" + value + "]")))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("outside the range of FP16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+Infinity"})
    void decodeInferRequest_should_refuse_nan_and_infinity_literals_as_invalid_json(String literal) {
        // GIVEN FP32 data holding a non-standard JSON literal
        String body = withData("FP32", "[2]", "[1, " + literal + "]");

        // WHEN decoded THEN it is invalid JSON, not a number
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON");
    }

    @Test
    void decodeInferRequest_should_refuse_numbers_longer_than_64_characters() {
        // GIVEN an FP64 value written with 100 digits
        String body = withData("FP64", "[1]", "[0." + "1".repeat(100) + "]");

        // WHEN decoded THEN the number is too long to parse
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON")
                .hasMessageContaining("Number value length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-first", "parameters"})
    void decodeInferRequest_should_refuse_nesting_deeper_than_the_json_limit(String where) {
        // GIVEN 45 nested arrays where no shape stops them first: buffered data, or a parameter value
        String deep = nested(45, "1");
        String body = where.equals("data-first")
                ? withTensor("\"name\": \"x\", \"data\": " + deep)
                : "{\"parameters\": {\"p\": " + deep + "}, \"inputs\": []}";

        // WHEN decoded THEN the parser's depth limit refuses it
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void decodeInferRequest_should_refuse_binary_data_size_when_the_body_is_json_only() {
        // GIVEN an input announcing binary data, in a body with no binary part (no Inference-Header-Content-Length)
        String body = withTensor("\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], "
                + "\"parameters\": {\"binary_data_size\": 4}");

        // WHEN decoded THEN it is refused: the 4 bytes it announces are not there
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("binary_data_size 4 but only 0 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "null", "\"1,2\"", "{\"v\": 1}"})
    void decodeInferRequest_should_refuse_data_that_is_not_an_array_wherever_it_comes(String data) {
        // GIVEN non-array data after and before the tensor's shape
        String after = withData("FP32", "[1]", data);
        String before = withTensor("\"data\": " + data + ", \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1]");

        // WHEN decoded THEN both are refused
        assertThatThrownBy(() -> decode(after))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("data of tensor 'x' must be a JSON array");
        assertThatThrownBy(() -> decode(before))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("data of tensor 'x' must be a JSON array");
    }
    @Test
    void decodeInferRequest_should_not_echo_request_text_in_json_syntax_errors() {
        // GIVEN a body with an unquoted token a client may not want reflected
        String body = "{\"inputs\": secretTokenValue123}";

        // WHEN decoded THEN the error says where and what, not the text
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("invalid JSON at line 1")
                .hasMessageNotContaining("secretTokenValue123");
    }
}
