package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checking request tensors against a model's signature before they reach the runtime. */
class InputValidatorTest {

    private static final ModelKey IRIS_KEY = ModelKey.parse("iris/1.1.0");
    private static final ModelKey DIGITS_KEY = ModelKey.parse("digits/1.0.0");
    private static final Signature IRIS = SampleModels.card(IRIS_KEY).signature();
    private static final Signature DIGITS = SampleModels.card(DIGITS_KEY).signature();
    private static final ModelKey PAIR_KEY = ModelKey.parse("pair/1.0.0");
    private static final Signature PAIR = new Signature(
            List.of(new TensorSpec("features", DataType.FP32, new long[] {-1, 2}),
                    new TensorSpec("ids", DataType.INT64, new long[] {-1})),
            List.of(new TensorSpec("score", DataType.FP32, new long[] {-1})));

    private static Tensor irisRows(int rows) {
        return Tensor.ofFloats("input", new long[] {rows, 4}, new float[rows * 4]);
    }

    private static Map<String, Tensor> inputs(Tensor... tensors) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            map.put(t.name(), t);
        }
        return map;
    }

    private static void checkIris(Tensor... tensors) {
        InputValidator.check(IRIS_KEY, IRIS, inputs(tensors), List.of());
    }

    static Stream<Arguments> referenceCases() {
        List<Arguments> cases = new ArrayList<>();
        for (ModelKey key : SampleModels.versions()) {
            for (ReferenceVectors.Case c : SampleModels.reference(key).cases()) {
                cases.add(arguments(key, c.name(), c.inputs(), new ArrayList<>(c.outputs().keySet())));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("referenceCases")
    void check_should_pass_the_reference_inputs_of_every_sample_model(
            ModelKey key, String name, Map<String, Tensor> inputs, List<String> outputs) {
        // GIVEN a version's reference inputs, asking for every output by name
        Signature signature = SampleModels.card(key).signature();

        // WHEN checked THEN nothing is refused
        assertThatCode(() -> InputValidator.check(key, signature, inputs, outputs)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1000})
    void check_should_accept_any_batch_size_for_a_dynamic_dimension(int rows) {
        // WHEN iris gets any number of rows of four THEN it passes
        assertThatCode(() -> checkIris(irisRows(rows))).doesNotThrowAnyException();
    }

    @Test
    void check_should_refuse_an_unknown_input_and_say_what_the_model_takes() {
        // WHEN an extra input is sent beside the valid one THEN it is named with what the model takes
        assertThatThrownBy(() -> checkIris(irisRows(1), Tensor.ofFloats("extra", new long[] {1, 4}, new float[4])))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown input 'extra': iris/1.1.0 takes input (FP32 [-1, 4])");
    }

    @Test
    void check_should_refuse_a_missing_input_and_say_what_the_model_takes() {
        // GIVEN only one of the pair's two inputs, and an empty request for iris
        Map<String, Tensor> onlyFeatures = inputs(Tensor.ofFloats("features", new long[] {1, 2}, new float[2]));

        // WHEN checked THEN the missing one is named with the full signature
        assertThatThrownBy(() -> InputValidator.check(PAIR_KEY, PAIR, onlyFeatures, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("missing input 'ids': pair/1.0.0 takes features (FP32 [-1, 2]), ids (INT64 [-1])");
        assertThatThrownBy(() -> checkIris())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("missing input 'input': iris/1.1.0 takes input (FP32 [-1, 4])");
    }

    @ParameterizedTest
    @MethodSource("tensorsOfTheWrongType")
    void check_should_refuse_a_tensor_of_the_wrong_datatype(Tensor tensor, String sent) {
        // WHEN the iris input is not FP32 THEN both types are named
        assertThatThrownBy(() -> checkIris(tensor))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'input' must be FP32, not " + sent);
    }

    static Stream<Arguments> tensorsOfTheWrongType() {
        return Stream.of(
                arguments(Tensor.of("input", DataType.FP64, new long[] {1, 4}, new double[4]), "FP64"),
                arguments(Tensor.ofLongs("input", new long[] {1, 4}, new long[4]), "INT64"),
                arguments(Tensor.of("input", DataType.FP16, new long[] {1, 4}, new short[4]), "FP16"),
                arguments(Tensor.of("input", DataType.BYTES, new long[] {1, 4}, new String[] {"a", "b", "c", "d"}), "BYTES"));
    }

    static Stream<Arguments> shapesThatDoNotFit() {
        return Stream.of(
                arguments(IRIS_KEY, IRIS, new long[] {4}, "[4]", "[-1, 4]"),
                arguments(IRIS_KEY, IRIS, new long[] {1, 1, 4}, "[1, 1, 4]", "[-1, 4]"),
                arguments(IRIS_KEY, IRIS, new long[] {}, "[]", "[-1, 4]"),
                arguments(IRIS_KEY, IRIS, new long[] {2, 5}, "[2, 5]", "[-1, 4]"),
                arguments(IRIS_KEY, IRIS, new long[] {1, 3}, "[1, 3]", "[-1, 4]"),
                arguments(DIGITS_KEY, DIGITS, new long[] {1, 64}, "[1, 64]", "[-1, 1, 8, 8]"),
                arguments(DIGITS_KEY, DIGITS, new long[] {1, 2, 8, 4}, "[1, 2, 8, 4]", "[-1, 1, 8, 8]"),
                arguments(DIGITS_KEY, DIGITS, new long[] {1, 1, 8, 9}, "[1, 1, 8, 9]", "[-1, 1, 8, 8]"));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("shapesThatDoNotFit")
    void check_should_refuse_a_wrong_rank_or_fixed_dimension(
            ModelKey key, Signature signature, long[] shape, String sent, String expected) {
        // GIVEN an FP32 input of a shape the model does not take
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        Tensor tensor = Tensor.ofFloats("input", shape, new float[(int) count]);

        // WHEN checked THEN both shapes are in the message
        assertThatThrownBy(() -> InputValidator.check(key, signature, inputs(tensor), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'input' has shape " + sent + " but " + key + " expects " + expected
                        + " (-1 is any size)");
    }

    @Test
    void check_should_refuse_a_tensor_without_elements() {
        // WHEN the batch has no rows THEN it is refused
        assertThatThrownBy(() -> checkIris(irisRows(0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'input' has no elements");
    }

    static Stream<Arguments> nonFiniteValues() {
        Signature fp64 = new Signature(List.of(new TensorSpec("input", DataType.FP64, new long[] {-1, 4})), List.of());
        Stream<Arguments> floats = Stream.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)
                .map(v -> arguments("FP32 " + v, IRIS, Tensor.ofFloats("input", new long[] {2, 4},
                        new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3f, 5.2f, v})));
        Stream<Arguments> doubles = Stream.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                .map(v -> arguments("FP64 " + v, fp64, Tensor.of("input", DataType.FP64, new long[] {1, 4},
                        new double[] {v, 1, 2, 3})));
        return Stream.concat(floats, doubles);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonFiniteValues")
    void check_should_refuse_floating_point_values_that_are_not_finite(String what, Signature signature, Tensor tensor) {
        // GIVEN a batch with one NaN or infinite value, first or last

        // WHEN checked THEN it is refused before the runtime sees it
        assertThatThrownBy(() -> InputValidator.check(IRIS_KEY, signature, inputs(tensor), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'input' holds a value that is not a finite number");
    }

    @Test
    void check_should_refuse_inputs_that_disagree_on_the_batch_size() {
        // GIVEN two feature rows but three ids
        Map<String, Tensor> inputs = inputs(Tensor.ofFloats("features", new long[] {2, 2}, new float[4]),
                Tensor.ofLongs("ids", new long[] {3}, new long[3]));

        // WHEN checked THEN both sizes are named
        assertThatThrownBy(() -> InputValidator.check(PAIR_KEY, PAIR, inputs, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("inputs disagree on the batch size (2 and 3)");
    }

    @Test
    void check_should_accept_inputs_that_agree_on_the_batch_size_in_any_order() {
        // WHEN both inputs hold three examples THEN they pass, a known output too
        Map<String, Tensor> inputs = inputs(Tensor.ofLongs("ids", new long[] {3}, new long[3]),
                Tensor.ofFloats("features", new long[] {3, 2}, new float[6]));

        assertThatCode(() -> InputValidator.check(PAIR_KEY, PAIR, inputs, List.of("score")))
                .doesNotThrowAnyException();
    }

    @Test
    void check_should_refuse_an_unknown_requested_output_and_list_the_real_ones() {
        // WHEN an output the model lacks is requested THEN the real outputs are listed
        assertThatThrownBy(() -> InputValidator.check(IRIS_KEY, IRIS, inputs(irisRows(1)), List.of("label", "logits")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown output 'logits': iris/1.1.0 returns probabilities, label");
    }

    @Test
    void check_should_accept_known_requested_outputs() {
        // WHEN real outputs are requested THEN the check passes
        assertThatCode(() -> InputValidator.check(IRIS_KEY, IRIS, inputs(irisRows(3)), List.of("label", "probabilities")))
                .doesNotThrowAnyException();
    }
}
