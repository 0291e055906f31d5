package io.modelfn.core.protocol.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.NotAcceptableException;
import io.modelfn.core.protocol.Predictions;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.SampleModels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SageMaker {@code /invocations} contract: JSON and CSV bodies in, JSON and CSV predictions out. */
class SageMakerCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Signature IRIS = SampleModels.card(ModelKey.parse("iris/1.1.0")).signature();
    private static final Signature DIGITS = SampleModels.card(ModelKey.parse("digits/1.0.0")).signature();
    private static final Signature TWO_INPUTS = new Signature(
            List.of(new TensorSpec("features", DataType.FP32, new long[] {-1, 2}),
                    new TensorSpec("ids", DataType.INT64, new long[] {-1})),
            List.of(new TensorSpec("score", DataType.FP32, new long[] {-1})));

    private static final Tensor TWO_IRIS_ROWS = Tensor.ofFloats("input", new long[] {2, 4},
            new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3f, 5.2f, 2.3f});

    private final SageMakerCodec codec = new SageMakerCodec();

    private Map<String, Tensor> decode(String contentType, String body, Signature signature) {
        return codec.decode(contentType, body.getBytes(StandardCharsets.UTF_8), signature);
    }

    private static Signature singleInput(DataType type, long... shape) {
        return new Signature(List.of(new TensorSpec("x", type, shape)),
                List.of(new TensorSpec("y", DataType.FP32, new long[] {-1})));
    }

    private static String digitsCsv(int rows, String newline) {
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            StringJoiner row = new StringJoiner(",");
            for (int i = 0; i < 64; i++) {
                row.add(Integer.toString((r * 64 + i) % 17));
            }
            csv.append(row).append(newline);
        }
        return csv.toString();
    }

    // ---- JSON requests ---------------------------------------------------------------------

    static Stream<Arguments> jsonBodiesOfTwoIrisRows() {
        return Stream.of(
                arguments("instances of rows", "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"),
                arguments("instances of objects",
                        "{\"instances\": [{\"input\": [5.1, 3.5, 1.4, 0.2]}, {\"input\": [6.7, 3.0, 5.2, 2.3]}]}"),
                arguments("inputs as a batch", "{\"inputs\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"),
                arguments("inputs by name", "{\"inputs\": {\"input\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}"),
                arguments("a bare array", "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonBodiesOfTwoIrisRows")
    void decode_should_read_every_json_request_form_into_the_same_batch(String form, String body) {
        // WHEN the body is decoded for the iris signature
        Map<String, Tensor> inputs = decode("application/json", body, IRIS);

        // THEN it is the same [2, 4] batch
        assertThat(inputs).containsExactly(Map.entry("input", TWO_IRIS_ROWS));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", " application/json "})
    void decode_should_read_json_whatever_the_case_or_parameters_of_the_content_type_or_without_one(String contentType) {
        // WHEN a bare batch is sent as JSON, however the type is written, or untyped THEN it is read as JSON
        assertThat(decode(contentType, "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]", IRIS))
                .containsExactly(Map.entry("input", TWO_IRIS_ROWS));
    }

    @Test
    void decode_should_reshape_json_rows_of_64_pixels_to_the_digits_signature() {
        // GIVEN two instances of 64 flat pixels
        String body = "{\"instances\": [[" + digitsCsv(1, "").trim() + "], [" + digitsCsv(1, "").trim() + "]]}";

        // WHEN decoded for the [-1, 1, 8, 8] digits input
        Tensor input = decode("application/json", body, DIGITS).get("input");

        // THEN they become two images
        assertThat(input.shape()).containsExactly(2, 1, 8, 8);
    }

    @Test
    void decode_should_read_instance_objects_of_a_model_with_two_inputs() {
        // GIVEN instances naming both inputs
        String body = "{\"instances\": [{\"features\": [1, 2], \"ids\": 7}, {\"ids\": 8, \"features\": [3, 4]}]}";

        // WHEN decoded
        Map<String, Tensor> inputs = decode("application/json", body, TWO_INPUTS);

        // THEN each input is a column of the instances, in the signature's order
        assertThat(inputs.keySet()).containsExactly("features", "ids");
        assertThat(inputs.get("features")).isEqualTo(Tensor.ofFloats("features", new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        assertThat(inputs.get("ids")).isEqualTo(Tensor.ofLongs("ids", new long[] {2}, new long[] {7, 8}));
    }

    static Stream<Arguments> jsonBodiesThatDoNotFit() {
        return Stream.of(
                arguments("an empty body", "", "empty"),
                arguments("a null root", "null", "send {\"instances\": [...]}"),
                arguments("a number root", "42", "send {\"instances\": [...]}"),
                arguments("neither field", "{}", "exactly one of 'instances' and 'inputs'"),
                arguments("both fields", "{\"instances\": [[1, 2, 3, 4]], \"inputs\": [[1, 2, 3, 4]]}",
                        "exactly one of 'instances' and 'inputs'"),
                arguments("an unknown field", "{\"instances\": [[1, 2, 3, 4]], \"model\": \"x\"}",
                        "unknown field 'model' (expected instances or inputs)"),
                arguments("empty instances", "{\"instances\": []}", "'instances' must be a non-empty array"),
                arguments("instances not an array", "{\"instances\": {\"input\": [1, 2, 3, 4]}}",
                        "'instances' must be a non-empty array"),
                arguments("an empty bare array", "[]", "no instances to predict"),
                arguments("inputs a number", "{\"inputs\": 5}", "'inputs' must be an array or an object of named inputs"),
                arguments("inputs null", "{\"inputs\": null}", "'inputs' must be an array or an object of named inputs"),
                arguments("an unknown input by name", "{\"inputs\": {\"pixels\": [[1, 2, 3, 4]]}}", "unknown input 'pixels'"),
                arguments("an unknown input in an instance", "{\"instances\": [{\"input\": [1, 2, 3, 4], \"extra\": 1}]}",
                        "unknown input 'extra' in an instance"),
                arguments("an instance missing the input", "{\"instances\": [{\"input\": [1, 2, 3, 4]}, {\"x\": 1}]}",
                        "every instance must be an object with input 'input'"),
                arguments("an instance that is not an object", "{\"instances\": [{\"input\": [1, 2, 3, 4]}, [1, 2, 3, 4]]}",
                        "every instance must be an object with input 'input'"),
                arguments("strings for FP32", "{\"instances\": [[\"5.1\", \"3.5\", \"1.4\", \"0.2\"]]}",
                        "is FP32: values must be numbers"),
                arguments("ragged rows", "{\"instances\": [[1, 2, 3, 4], [1, 2, 3]]}", "entries at depth 1"),
                arguments("invalid JSON", "{\"instances\": [[1, 2, 3, 4]]", "invalid JSON"),
                arguments("a NaN literal", "{\"instances\": [[NaN, 2, 3, 4]]}", "invalid JSON"),
                arguments("an FP32 overflow", "{\"instances\": [[1e39, 2, 3, 4]]}", "outside the range of FP32"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonBodiesThatDoNotFit")
    void decode_should_refuse_json_bodies_that_do_not_fit_and_say_why(String what, String body, String says) {
        // WHEN the JSON body does not fit the iris signature THEN the message says what is wrong
        assertThatThrownBy(() -> decode("application/json", body, IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining(says);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json | [[1, 2], [3, 4]]",
        "application/json | {\"instances\": [[1, 2]]}",
        "application/json | {\"inputs\": [[1, 2]]}",
        "text/csv         | 1,2"})
    void decode_should_ask_for_named_inputs_when_a_model_takes_several(String contentType, String body) {
        // WHEN a two-input model gets unnamed data, as JSON or CSV THEN the client is told to name the inputs
        assertThatThrownBy(() -> decode(contentType, body, TWO_INPUTS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("need a model with one input; this one takes 2: name them in an object");
    }

    // ---- CSV requests ----------------------------------------------------------------------

    @Test
    void decode_should_read_one_example_per_csv_line() {
        // GIVEN three iris rows
        String csv = "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n-1,+2,3e0,.5\n";

        // WHEN decoded
        Tensor input = decode("text/csv", csv, IRIS).get("input");

        // THEN it is a [3, 4] batch
        assertThat(input).isEqualTo(Tensor.ofFloats("input", new long[] {3, 4},
                new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3f, 5.2f, 2.3f, -1f, 2f, 3f, 0.5f}));
    }

    @Test
    void decode_should_accept_crlf_blank_lines_spaces_and_a_missing_final_newline() {
        // GIVEN Windows line ends, blank lines, spaces around cells and no final newline
        String csv = "\r\n5.1, 3.5 ,1.4,0.2\r\n\r\n   \r\n6.7,3.0,5.2, 2.3";

        // WHEN decoded with a charset parameter
        Tensor input = decode("text/csv; charset=utf-8", csv, IRIS).get("input");

        // THEN only the two rows count
        assertThat(input).isEqualTo(TWO_IRIS_ROWS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void decode_should_reshape_csv_rows_of_64_pixels_to_the_digits_signature(String newline) {
        // GIVEN three lines of 64 values
        String csv = digitsCsv(3, newline);

        // WHEN decoded for the [-1, 1, 8, 8] digits input
        Tensor input = decode("text/csv", csv, DIGITS).get("input");

        // THEN they are three 1x8x8 images in order
        assertThat(input.shape()).containsExactly(3, 1, 8, 8);
        assertThat(input.floats()[64 * 2 + 63]).isEqualTo((64 * 2 + 63) % 17);
    }

    @Test
    void decode_should_refuse_csv_rows_of_different_widths() {
        // WHEN the second line is short THEN both widths are given
        assertThatThrownBy(() -> decode("text/csv", "1,2,3,4\n5,6,7\n", IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("CSV line 2 has 3 values, the first row has 4");
    }

    @Test
    void decode_should_name_the_physical_line_of_a_ragged_csv_row_after_blank_lines() {
        // WHEN the ragged row is the third line, after a blank one THEN the message names line 3
        assertThatThrownBy(() -> decode("text/csv", "1,2,3,4\n\n5,6,7\n", IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("CSV line 3 has 3 values");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "-Infinity", "", "1f", "1d", "0x10", "0x1p3", "1e400", "--1", "1 2"})
    void decode_should_refuse_csv_cells_that_are_not_finite_numbers(String cell) {
        // GIVEN a second row whose third value is not a finite number
        String csv = "1,2,3,4\n5,6," + cell + ",8\n";

        // WHEN decoded THEN the cell is refused by its position
        assertThatThrownBy(() -> decode("text/csv", csv, IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("CSV row 2, column 3 is not a finite number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", " \r\n\t\r\n"})
    void decode_should_refuse_a_csv_body_without_rows(String csv) {
        // WHEN the CSV has only blank lines THEN there is nothing to predict
        assertThatThrownBy(() -> decode("text/csv", csv, IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("the CSV body has no rows");
    }

    @Test
    void decode_should_read_integer_csv_for_int64_and_int32_inputs() {
        // GIVEN integer inputs
        Tensor longs = decode("text/csv", "1,-2\n9223372036854775807,0\n", singleInput(DataType.INT64, -1, 2)).get("x");
        Tensor ints = decode("text/csv", "1,-2\n2147483647,-2147483648\n", singleInput(DataType.INT32, -1, 2)).get("x");
        Tensor doubles = decode("text/csv", "0.1,1e300\n", singleInput(DataType.FP64, -1, 2)).get("x");

        // THEN each is read in its own type
        assertThat(longs.longs()).containsExactly(1, -2, Long.MAX_VALUE, 0);
        assertThat(ints.ints()).containsExactly(1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE);
        assertThat(doubles.doubles()).containsExactly(0.1, 1e300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", "x", "9223372036854775808"})
    void decode_should_refuse_csv_cells_that_are_not_integers_for_an_int64_input(String cell) {
        // WHEN an INT64 cell is not a 64-bit integer THEN its position is given
        assertThatThrownBy(() -> decode("text/csv", "1," + cell + "\n", singleInput(DataType.INT64, -1, 2)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("CSV row 1, column 2 is not an integer");
    }
    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649"})
    void decode_should_refuse_csv_values_outside_the_int32_range_as_a_malformed_request(String cell) {
        // WHEN an INT32 cell overflows THEN it is a client error, not an ArithmeticException
        assertThatThrownBy(() -> decode("text/csv", "1," + cell + "\n", singleInput(DataType.INT32, -1, 2)))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("column 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BOOL", "BYTES", "UINT8", "FP16"})
    void decode_should_refuse_csv_for_input_types_it_cannot_parse(String type) {
        // GIVEN a single input of a type CSV cannot carry WHEN CSV is sent THEN the media type is refused
        Signature signature = singleInput(DataType.fromOipName(type).orElseThrow(), -1, 2);

        assertThatThrownBy(() -> decode("text/csv", "1,2\n", signature))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessageContaining("CSV is supported for FP32, FP64, INT32 and INT64")
                .hasMessageContaining("is " + type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml", "text/plain", "application/x-www-form-urlencoded", "application/x-npy",
        "application/jsonlines", "text/csvx"})
    void decode_should_refuse_content_types_it_does_not_speak(String contentType) {
        // WHEN the body is neither JSON nor CSV THEN the content type is refused, naming the two it speaks
        assertThatThrownBy(() -> decode(contentType, "1,2,3,4", IRIS))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessageContaining("content type '" + contentType + "' is not supported")
                .hasMessageContaining("application/json or text/csv");
    }

    // ---- responses -------------------------------------------------------------------------

    @Test
    void encode_should_write_json_predictions_per_example_with_class_names_and_who_answered() throws Exception {
        // GIVEN two iris predictions from the canary
        Prediction prediction = Predictions.irisBatchOfTwo();

        // WHEN encoded for a JSON client
        SageMakerCodec.Encoded encoded = codec.encode("application/json", prediction);

        // THEN each example is one object with its outputs and class name
        assertThat(encoded.contentType()).isEqualTo("application/json");
        JsonNode json = MAPPER.readTree(encoded.body());
        assertThat(json.get("predictions")).hasSize(2);
        JsonNode first = json.get("predictions").get(0);
        assertThat(MAPPER.convertValue(first.get("probabilities"), float[].class)).containsExactly(0.9f, 0.05f, 0.05f);
        assertThat(first.get("label").asLong()).isEqualTo(0);
        assertThat(first.get("class").asText()).isEqualTo("setosa");
        JsonNode second = json.get("predictions").get(1);
        assertThat(MAPPER.convertValue(second.get("probabilities"), float[].class)).containsExactly(0.1f, 0.2f, 0.7f);
        assertThat(second.get("label").asLong()).isEqualTo(2);
        assertThat(second.get("class").asText()).isEqualTo("virginica");
        assertThat(json.get("model").asText()).isEqualTo("iris");
        assertThat(json.get("version").asText()).isEqualTo("1.1.0");
        assertThat(json.get("variant").asText()).isEqualTo("canary");
    }

    @Test
    void encode_should_write_json_predictions_without_class_for_a_regression() throws Exception {
        // GIVEN a regression prediction of shape [2, 1]
        JsonNode json = MAPPER.readTree(codec.encode(null, Predictions.diabetesBatchOfTwo()).body());

        // THEN each example holds its one value and no class
        assertThat(json.get("predictions")).hasSize(2);
        assertThat(MAPPER.convertValue(json.get("predictions").get(0).get("prediction"), float[].class))
                .containsExactly(151.5f);
        assertThat(json.get("predictions").get(1).has("class")).isFalse();
        assertThat(json.get("model").asText()).isEqualTo("diabetes");
        assertThat(json.get("variant").asText()).isEqualTo("stable");
    }

    @Test
    void encode_should_leave_out_the_class_when_a_label_has_no_class_name() throws Exception {
        // GIVEN a label index beyond the three class names
        Prediction prediction = Predictions.of(Predictions.version("iris/1.1.0", Predictions.IRIS_LABELS), "stable",
                Tensor.ofLongs("label", new long[] {1}, new long[] {5}));

        // WHEN encoded THEN the label is there, the class is not
        JsonNode row = MAPPER.readTree(codec.encode("*/*", prediction).body()).get("predictions").get(0);
        assertThat(row.get("label").asLong()).isEqualTo(5);
        assertThat(row.has("class")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "*/*", "application/json", "application/*", "Application/JSON; charset=utf-8",
        "application/xml, application/json", "image/png, */*;q=0.1"})
    void encode_should_answer_json_when_the_client_accepts_it_first_or_says_nothing(String accept) {
        // WHEN the first acceptable type is JSON or a wildcard, or there is no Accept THEN the answer is JSON
        assertThat(codec.encode(accept, Predictions.irisBatchOfTwo()).contentType()).isEqualTo("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/csv", "text/*", "TEXT/CSV; q=0.9", "application/xml, text/csv"})
    void encode_should_answer_csv_when_the_client_asks_for_csv(String accept) {
        // WHEN CSV (or any text) is the first acceptable type THEN the answer is CSV
        assertThat(codec.encode(accept, Predictions.irisBatchOfTwo()).contentType()).isEqualTo("text/csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml", "image/png", "text/html, application/xml", "application/x-npy"})
    void encode_should_refuse_accept_headers_naming_neither_json_nor_csv(String accept) {
        // WHEN nothing acceptable can be produced THEN the Accept header is refused
        assertThatThrownBy(() -> codec.encode(accept, Predictions.irisBatchOfTwo()))
                .isInstanceOf(NotAcceptableException.class)
                .hasMessageContaining("cannot answer in '" + accept + "'")
                .hasMessageContaining("application/json or text/csv");
    }
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/csv, application/json       | application/json",
        "text/csv, */*                    | application/json",
        "application/json;q=0, text/csv   | text/csv",
        "text/csv;q=0.1, application/json | application/json"})
    void encode_should_honour_the_documented_json_preference_and_q_values(String accept, String expected) {
        // WHEN the client accepts both formats, or weighs them THEN the answer follows the Javadoc and the q-values
        assertThat(codec.encode(accept, Predictions.irisBatchOfTwo()).contentType()).isEqualTo(expected);
    }

    @Test
    void encode_should_write_one_csv_line_per_example_with_the_label_when_there_is_a_label_output() {
        // WHEN the iris prediction is encoded as CSV
        SageMakerCodec.Encoded encoded = codec.encode("text/csv", Predictions.irisBatchOfTwo());

        // THEN each line holds the label only
        assertThat(encoded.contentType()).isEqualTo("text/csv");
        assertThat(new String(encoded.body(), StandardCharsets.UTF_8)).isEqualTo("0\n2\n");
    }

    @Test
    void encode_should_write_every_output_value_in_csv_when_there_is_no_label_output() {
        // GIVEN a prediction of probabilities [2, 3] and a score [2, 1], no label
        Prediction prediction = Predictions.of(Predictions.version("m/1.0.0", List.of()), "stable",
                Tensor.ofFloats("probabilities", new long[] {2, 3}, new float[] {0.5f, 0.25f, 0.25f, 1f, 0f, 0f}),
                Tensor.of("score", DataType.FP64, new long[] {2, 1}, new double[] {1.5, -2}));

        // WHEN encoded as CSV
        String csv = new String(codec.encode("text/csv", prediction).body(), StandardCharsets.UTF_8);

        // THEN each line holds the example's values of every output in order
        assertThat(csv).isEqualTo("0.5,0.25,0.25,1.5\n1.0,0.0,0.0,-2.0\n");
    }

    @Test
    void encode_should_quote_strings_in_csv() {
        // GIVEN a BYTES output holding a quote and a comma
        Prediction prediction = Predictions.of(Predictions.version("m/1.0.0", List.of()), "stable",
                Tensor.of("text", DataType.BYTES, new long[] {1}, new String[] {"say \"hi\", then go"}));

        // WHEN encoded as CSV THEN the cell is quoted with doubled quotes
        assertThat(new String(codec.encode("text/csv", prediction).body(), StandardCharsets.UTF_8))
                .isEqualTo("\"say \"\"hi\"\", then go\"\n");
    }
}
