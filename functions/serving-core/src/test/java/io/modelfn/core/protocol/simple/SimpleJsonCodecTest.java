package io.modelfn.core.protocol.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.Predictions;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.SampleModels;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The function-style {@code predict} JSON: named nested arrays in, nested outputs and class names out. */
class SimpleJsonCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Signature IRIS = SampleModels.card(ModelKey.parse("iris/1.1.0")).signature();
    private static final Signature DIGITS = SampleModels.card(ModelKey.parse("digits/1.0.0")).signature();
    private static final Signature TWO_INPUTS = new Signature(
            List.of(new TensorSpec("features", DataType.FP32, new long[] {-1, 2}),
                    new TensorSpec("ids", DataType.INT64, new long[] {-1})),
            List.of(new TensorSpec("score", DataType.FP32, new long[] {-1})));

    private final SimpleJsonCodec codec = new SimpleJsonCodec();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void decodeInputs_should_read_an_object_of_named_nested_arrays() throws Exception {
        // GIVEN the iris input by name
        JsonNode inputs = json("{\"input\": [[5.1, 3.5, 1.4, 0.2]]}");

        // WHEN decoded
        Map<String, Tensor> tensors = codec.decodeInputs(inputs, IRIS);

        // THEN it is a [1, 4] FP32 tensor
        assertThat(tensors).containsExactly(Map.entry("input",
                Tensor.ofFloats("input", new long[] {1, 4}, new float[] {5.1f, 3.5f, 1.4f, 0.2f})));
    }

    @Test
    void decodeInputs_should_read_a_bare_array_as_the_only_input_of_a_single_input_model() throws Exception {
        // GIVEN a bare batch of two rows
        JsonNode inputs = json("[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]");

        // WHEN decoded
        Map<String, Tensor> tensors = codec.decodeInputs(inputs, IRIS);

        // THEN it is named after the model's input
        assertThat(tensors).containsOnlyKeys("input");
        assertThat(tensors.get("input").shape()).containsExactly(2, 4);
    }

    @Test
    void decodeInputs_should_read_two_named_inputs_each_in_its_signature_type() throws Exception {
        // WHEN a two-input model gets both by name, out of order THEN each is typed by its own spec
        JsonNode inputs = json("{\"ids\": [7, 8], \"features\": [[1, 2], [3, 4]]}");

        Map<String, Tensor> tensors = codec.decodeInputs(inputs, TWO_INPUTS);

        assertThat(tensors.get("ids")).isEqualTo(Tensor.ofLongs("ids", new long[] {2}, new long[] {7, 8}));
        assertThat(tensors.get("features"))
                .isEqualTo(Tensor.ofFloats("features", new long[] {2, 2}, new float[] {1, 2, 3, 4}));
    }

    @Test
    void decodeInputs_should_reshape_rows_of_64_pixels_to_the_digits_signature() throws Exception {
        // GIVEN one row of 64 pixels
        StringJoiner row = new StringJoiner(",", "{\"input\": [[", "]]}");
        for (int i = 0; i < 64; i++) {
            row.add(Integer.toString(i % 16));
        }

        // WHEN decoded for the digits model
        Tensor input = codec.decodeInputs(json(row.toString()), DIGITS).get("input");

        // THEN it is one 1x8x8 image
        assertThat(input.shape()).containsExactly(1, 1, 8, 8);
    }

    @Test
    void decodeInputs_should_refuse_an_unknown_input_name() throws Exception {
        // WHEN an input name is not in the signature THEN it is named
        assertThatThrownBy(() -> codec.decodeInputs(json("{\"pixels\": [[1, 2, 3, 4]]}"), IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("unknown input 'pixels'");
    }

    @Test
    void decodeInputs_should_refuse_a_bare_array_for_a_model_with_several_inputs() throws Exception {
        // WHEN a two-input model gets one unnamed array THEN the client is told to name them
        assertThatThrownBy(() -> codec.decodeInputs(json("[[1, 2]]"), TWO_INPUTS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("this model takes 2 inputs: give 'inputs' as an object of named arrays");
    }

    static Stream<Arguments> missingInputs() {
        return Stream.of(arguments("java null", null), arguments("JSON null", NullNode.getInstance()),
                arguments("missing node", MissingNode.getInstance()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingInputs")
    void decodeInputs_should_refuse_missing_inputs(String what, JsonNode inputs) {
        // WHEN there are no inputs at all THEN they are reported missing
        assertThatThrownBy(() -> codec.decodeInputs(inputs, IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'inputs' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"5.1,3.5,1.4,0.2\"", "42", "true"})
    void decodeInputs_should_refuse_inputs_that_are_neither_object_nor_array(String inputs) {
        // WHEN inputs is a scalar THEN the two accepted forms are named
        assertThatThrownBy(() -> codec.decodeInputs(json(inputs), IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'inputs' must be an object of named arrays (or an array)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"input\": [[1, 2, 3, 4], [5, 6]]}", "{\"input\": [[1, 2, 3, 4], 5]}",
        "{\"input\": 5}", "{\"input\": [[\"a\", 2, 3, 4]]}"})
    void decodeInputs_should_refuse_arrays_that_are_ragged_not_arrays_or_of_the_wrong_type(String inputs) {
        // WHEN the named array cannot be a tensor of the input THEN the input is named
        assertThatThrownBy(() -> codec.decodeInputs(json(inputs), IRIS))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("'input'");
    }

    @Test
    void decodeInputs_should_leave_a_rectangular_shape_that_does_not_fit_for_the_validator() throws Exception {
        // GIVEN three features where iris takes four
        Tensor input = codec.decodeInputs(json("{\"input\": [[1, 2, 3]]}"), IRIS).get("input");

        // THEN the shape is kept as sent
        assertThat(input.shape()).containsExactly(1, 3);
    }

    @Test
    void encode_should_name_who_answered_and_nest_outputs_by_shape_with_class_names() {
        // GIVEN two iris predictions from the canary
        Prediction prediction = Predictions.irisBatchOfTwo();

        // WHEN encoded
        JsonNode json = codec.encode(prediction);

        // THEN it is the documented object
        assertThat(json.get("endpoint").asText()).isEqualTo("iris");
        assertThat(json.get("model").asText()).isEqualTo("iris");
        assertThat(json.get("version").asText()).isEqualTo("1.1.0");
        assertThat(json.get("variant").asText()).isEqualTo("canary");
        JsonNode probabilities = json.get("outputs").get("probabilities");
        assertThat(probabilities).hasSize(2);
        assertThat(MAPPER.convertValue(probabilities.get(1), float[].class)).containsExactly(0.1f, 0.2f, 0.7f);
        assertThat(MAPPER.convertValue(json.get("outputs").get("label"), long[].class)).containsExactly(0, 2);
        assertThat(MAPPER.convertValue(json.get("classes"), String[].class)).containsExactly("setosa", "virginica");
    }

    static Stream<Arguments> predictionsWithoutClassNames() {
        Tensor label = Tensor.ofLongs("label", new long[] {1}, new long[] {1});
        Tensor probabilities = Tensor.ofFloats("probabilities", new long[] {1, 3}, new float[] {0.2f, 0.7f, 0.1f});
        return Stream.of(
                arguments("no labels on the version", Predictions.of(Predictions.version("m/1.0.0", List.of()), "stable",
                        probabilities, label)),
                arguments("no label output", Predictions.of(Predictions.version("m/1.0.0", Predictions.IRIS_LABELS),
                        "stable", probabilities)),
                arguments("a label beyond the class names", Predictions.of(
                        Predictions.version("m/1.0.0", Predictions.IRIS_LABELS), "stable",
                        Tensor.ofLongs("label", new long[] {1}, new long[] {3}))),
                arguments("a floating-point label", Predictions.of(
                        Predictions.version("m/1.0.0", Predictions.IRIS_LABELS), "stable",
                        Tensor.ofFloats("label", new long[] {1}, new float[] {1}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictionsWithoutClassNames")
    void encode_should_leave_out_classes_when_there_is_no_class_name_to_give(String what, Prediction prediction) {
        // WHEN encoded THEN the outputs are written but no classes
        JsonNode json = codec.encode(prediction);

        assertThat(json.has("classes")).isFalse();
        assertThat(json.get("outputs").size()).isEqualTo(prediction.outputs().size());
    }

    static Stream<Arguments> outputsAndTheirJson() {
        return Stream.of(
                arguments(Tensor.ofFloats("total", new long[] {}, new float[] {42.5f}), "[42.5]"),
                arguments(Tensor.ofLongs("label", new long[] {3}, new long[] {2, 0, 1}), "[2,0,1]"),
                arguments(Tensor.ofLongs("grid", new long[] {2, 1, 2}, new long[] {1, 2, 3, 4}), "[[[1,2]],[[3,4]]]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("outputsAndTheirJson")
    void encode_should_nest_each_output_by_its_shape_and_wrap_a_scalar_in_an_array(Tensor output, String expected) {
        // GIVEN a prediction with the one output
        Prediction prediction = Predictions.of(Predictions.version("m/1.0.0", List.of()), "stable", output);

        // WHEN encoded
        JsonNode written = codec.encode(prediction).get("outputs").get(output.name());

        // THEN the output is nested as its shape says
        assertThat(written.toString()).isEqualTo(expected);
    }
}
