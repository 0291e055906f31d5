package io.modelfn.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.StringWriter;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain nested JSON arrays as tensors: shape inference, the reshape-to-signature rule, and writing. */
class NestedArraysTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final TensorSpec IRIS_INPUT = SampleModels.card(ModelKey.parse("iris/1.1.0")).signature().inputs().get(0);
    private static final TensorSpec DIGITS_INPUT =
            SampleModels.card(ModelKey.parse("digits/1.0.0")).signature().inputs().get(0);

    private static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    /** {@code rows} rows of 64 pixel values, row r holding r*64 .. r*64+63. */
    private static String digitsRows(int rows) {
        StringJoiner all = new StringJoiner(",", "[", "]");
        for (int r = 0; r < rows; r++) {
            StringJoiner row = new StringJoiner(",", "[", "]");
            for (int i = 0; i < 64; i++) {
                row.add(Integer.toString(r * 64 + i));
            }
            all.add(row.toString());
        }
        return all.toString();
    }

    private static String written(Tensor tensor, boolean rowOnly, int row) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            if (rowOnly) {
                NestedArrays.writeRow(g, tensor, row);
            } else {
                NestedArrays.write(g, tensor);
            }
        }
        return out.toString();
    }

    @Test
    void read_should_infer_the_shape_from_the_nesting_and_type_the_values_by_the_signature() throws IOException {
        // GIVEN two iris rows
        JsonNode data = json("[[5.1, 3.5, 1.4, 0.2], [6, 2.9, 4.5, 1.5]]");

        // WHEN read as the iris input
        Tensor tensor = NestedArrays.read(data, IRIS_INPUT);

        // THEN it is a [2, 4] FP32 tensor named after the input
        assertThat(tensor).isEqualTo(Tensor.ofFloats("input", new long[] {2, 4},
                new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6f, 2.9f, 4.5f, 1.5f}));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void read_should_reshape_rows_of_64_values_to_the_digits_signature(int rows) throws IOException {
        // GIVEN rows of 64 flat pixels for a [-1, 1, 8, 8] input
        JsonNode data = json(digitsRows(rows));

        // WHEN read as the digits input
        Tensor tensor = NestedArrays.read(data, DIGITS_INPUT);

        // THEN it becomes [rows, 1, 8, 8] with the values in order
        assertThat(tensor.shape()).containsExactly(rows, 1, 8, 8);
        assertThat(tensor.floats()).hasSize(rows * 64);
        assertThat(tensor.floats()[rows * 64 - 1]).isEqualTo(rows * 64 - 1);
        assertThat(DIGITS_INPUT.accepts(tensor.shape())).isTrue();
    }

    @Test
    void read_should_reshape_8_by_8_images_without_the_channel_dimension_to_the_digits_signature() throws IOException {
        // GIVEN one image nested as [1, 8, 8] (no channel)
        StringJoiner image = new StringJoiner(",", "[[", "]]");
        for (int r = 0; r < 8; r++) {
            image.add("[0,1,2,3,4,5,6,7]");
        }

        // WHEN read as the digits input
        Tensor tensor = NestedArrays.read(json(image.toString()), DIGITS_INPUT);

        // THEN the channel dimension is added
        assertThat(tensor.shape()).containsExactly(1, 1, 8, 8);
    }

    @Test
    void read_should_keep_data_that_already_fits_the_signature() throws IOException {
        // GIVEN two images nested exactly as [2, 1, 8, 8], pixel values 0..127 in row-major order
        StringJoiner images = new StringJoiner(",", "[", "]");
        for (int n = 0; n < 2; n++) {
            StringJoiner rows = new StringJoiner(",", "[[", "]]");
            for (int r = 0; r < 8; r++) {
                StringJoiner row = new StringJoiner(",", "[", "]");
                for (int c = 0; c < 8; c++) {
                    row.add(Integer.toString(n * 64 + r * 8 + c));
                }
                rows.add(row.toString());
            }
            images.add(rows.toString());
        }

        // WHEN read as the digits input
        Tensor tensor = NestedArrays.read(json(images.toString()), DIGITS_INPUT);

        // THEN the shape and the row-major order are as sent
        assertThat(tensor.shape()).containsExactly(2, 1, 8, 8);
        assertThat(tensor.floats()[0]).isEqualTo(0f);
        assertThat(tensor.floats()[9]).isEqualTo(9f);
        assertThat(tensor.floats()[127]).isEqualTo(127f);
    }

    static Stream<Arguments> shapesThatStayAsSent() {
        return Stream.of(
                arguments("rows of the wrong width", "[[1, 2], [3, 4]]", new long[] {2, 2}),
                arguments("one row of two examples", "[[1, 2, 3, 4, 5, 6, 7, 8]]", new long[] {1, 8}),
                arguments("flat values", "[1, 2, 3, 4]", new long[] {4}),
                arguments("no rows", "[]", new long[] {0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapesThatStayAsSent")
    void read_should_keep_the_sent_shape_when_rows_do_not_hold_exactly_one_example(String what, String data, long[] shape)
            throws IOException {
        // WHEN read as the iris input ([-1, 4])
        Tensor tensor = NestedArrays.read(json(data), IRIS_INPUT);

        // THEN the shape is left for the validator to refuse
        assertThat(tensor.shape()).containsExactly(shape);
    }

    @Test
    void read_should_not_reshape_when_an_inner_dimension_is_dynamic() throws IOException {
        // GIVEN a spec with a dynamic sequence length
        TensorSpec sequence = new TensorSpec("tokens", DataType.INT64, new long[] {-1, -1, 2});

        // WHEN rows of 4 values are read
        Tensor tensor = NestedArrays.read(json("[[1, 2, 3, 4]]"), sequence);

        // THEN there is nothing to reshape to
        assertThat(tensor.shape()).containsExactly(1, 4);
        assertThat(tensor.longs()).containsExactly(1, 2, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[1, 2, 3, 4], [5, 6, 7]]", "[[1, 2, 3, 4], 5]", "[[1, 2, 3, 4], [[5, 6, 7, 8]]]"})
    void read_should_refuse_rows_that_are_not_rectangular(String data) {
        // WHEN later rows break the shape the first row implies THEN the tensor is refused
        assertThatThrownBy(() -> NestedArrays.read(json(data), IRIS_INPUT))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("tensor 'input'");
    }

    static Stream<Arguments> dataThatIsNotAnArray() throws IOException {
        return Stream.of(arguments("an object", json("{\"input\": [1]}")), arguments("a number", json("5")),
                arguments("a string", json("\"1,2,3,4\"")), arguments("JSON null", json("null")),
                arguments("Java null", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataThatIsNotAnArray")
    void read_should_refuse_data_that_is_not_an_array(String what, JsonNode data) {
        // WHEN the input's data is not an array THEN it is refused, naming the input
        assertThatThrownBy(() -> NestedArrays.read(data, IRIS_INPUT))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("input 'input' must be a (nested) JSON array");
    }

    @Test
    void read_should_refuse_nesting_deeper_than_32_levels() throws IOException {
        // GIVEN 33 nested arrays (a default mapper allows them, so the tree exists)
        JsonNode data = json("[".repeat(33) + "1" + "]".repeat(33));

        // WHEN read THEN the depth is refused before anything is allocated
        assertThatThrownBy(() -> NestedArrays.read(data, IRIS_INPUT))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("nested deeper than 32 levels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[1.5]]", "[[\"1\"]]", "[[true]]"})
    void read_should_refuse_values_that_do_not_fit_the_signature_type(String data) {
        // GIVEN an INT64 input
        TensorSpec ids = new TensorSpec("ids", DataType.INT64, new long[] {-1, 1});

        // WHEN read THEN non-integers are refused
        assertThatThrownBy(() -> NestedArrays.read(json(data), ids))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("is INT64: values must be integers");
    }

    static Stream<Arguments> tensorsAndTheirNesting() {
        return Stream.of(
                arguments(Tensor.ofLongs("t", new long[] {3}, new long[] {1, 2, 3}), "[1,2,3]"),
                arguments(Tensor.ofLongs("t", new long[] {2, 3}, new long[] {1, 2, 3, 4, 5, 6}), "[[1,2,3],[4,5,6]]"),
                arguments(Tensor.ofLongs("t", new long[] {3, 2}, new long[] {1, 2, 3, 4, 5, 6}), "[[1,2],[3,4],[5,6]]"),
                arguments(Tensor.ofLongs("t", new long[] {2, 1, 2}, new long[] {1, 2, 3, 4}), "[[[1,2]],[[3,4]]]"),
                arguments(Tensor.ofLongs("t", new long[] {2, 0}, new long[0]), "[[],[]]"),
                arguments(Tensor.ofLongs("t", new long[] {0, 3}, new long[0]), "[]"),
                arguments(Tensor.ofLongs("t", new long[] {}, new long[] {7}), "[7]"),
                arguments(Tensor.of("t", DataType.BOOL, new long[] {1, 2}, new boolean[] {true, false}), "[[true,false]]"),
                arguments(Tensor.of("t", DataType.BYTES, new long[] {2}, new String[] {"a", "\""}), "[\"a\",\"\\\"\"]"),
                arguments(Tensor.of("t", DataType.FP16, new long[] {1}, new short[] {(short) 0x3c00}), "[1.0]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("tensorsAndTheirNesting")
    void write_should_nest_values_by_the_shape(Tensor tensor, String expected) throws IOException {
        // WHEN the tensor is written THEN the nesting follows its shape (a scalar as a one-element array)
        assertThat(written(tensor, false, 0)).isEqualTo(expected);
    }

    static Stream<Arguments> rowsOfTensors() {
        Tensor matrix = Tensor.ofFloats("p", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        Tensor cube = Tensor.ofLongs("c", new long[] {2, 2, 2}, new long[] {1, 2, 3, 4, 5, 6, 7, 8});
        Tensor labels = Tensor.ofLongs("label", new long[] {3}, new long[] {7, 8, 9});
        return Stream.of(
                arguments(matrix, 0, "[1.0,2.0,3.0]"),
                arguments(matrix, 1, "[4.0,5.0,6.0]"),
                arguments(cube, 1, "[[5,6],[7,8]]"),
                arguments(labels, 2, "9"));
    }

    @ParameterizedTest(name = "{0} row {1}")
    @MethodSource("rowsOfTensors")
    void writeRow_should_write_one_example_and_a_scalar_for_rank_1(Tensor tensor, int row, String expected)
            throws IOException {
        // WHEN one row is written THEN it is that example alone
        assertThat(written(tensor, true, row)).isEqualTo(expected);
    }

    static Stream<Arguments> unsignedTensors() {
        return Stream.of(
                arguments(Tensor.of("u", DataType.UINT8, new long[] {1}, new byte[] {-1}), "[255]"),
                arguments(Tensor.of("u", DataType.UINT16, new long[] {1}, new short[] {-1}), "[65535]"),
                arguments(Tensor.of("u", DataType.UINT32, new long[] {1}, new int[] {-1}), "[4294967295]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignedTensors")
    void write_should_write_unsigned_types_as_non_negative_numbers(Tensor tensor, String expected) throws IOException {
        // GIVEN all bits set WHEN written THEN the unsigned maximum appears
        assertThat(written(tensor, false, 0)).isEqualTo(expected);
    }

    @Test
    void write_should_write_uint64_above_the_long_range_as_a_non_negative_number() throws IOException {
        // GIVEN a UINT64 tensor holding 2^64 - 1 and 2^63
        Tensor tensor = Tensor.of("u", DataType.UINT64, new long[] {2}, new long[] {-1, Long.MIN_VALUE});

        // WHEN written as nested arrays THEN the numbers are unsigned
        assertThat(written(tensor, false, 0)).isEqualTo("[18446744073709551615,9223372036854775808]");
    }

    @Test
    void integerAt_should_read_unsigned_values_and_refuse_non_integer_tensors() {
        // WHEN label values are read THEN unsigned types are widened and floats refused
        assertThat(NestedArrays.integerAt(Tensor.of("u", DataType.UINT8, new long[] {1}, new byte[] {-1}), 0))
                .isEqualTo(255);
        assertThat(NestedArrays.integerAt(Tensor.of("u", DataType.UINT32, new long[] {1}, new int[] {-1}), 0))
                .isEqualTo(4_294_967_295L);
        assertThat(NestedArrays.integerAt(Tensor.of("i", DataType.INT16, new long[] {1}, new short[] {-3}), 0))
                .isEqualTo(-3);
        assertThatThrownBy(() -> NestedArrays.integerAt(Tensor.ofFloats("f", new long[] {1}, new float[] {1}), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an integer tensor");
    }
}
