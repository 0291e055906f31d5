package io.modelfn.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/** Compares computed tensors with reference ones: floats within a relative tolerance, the rest exactly. */
public final class TensorAssertions {

    /** Relative tolerance for floating-point outputs, as the reference contract states. */
    public static final double RELATIVE_TOLERANCE = 1e-5;
    /**
     * Absolute floor below which floats count as equal: probabilities of 1e-12 and 3e-12 differ by a
     * factor but not in any way a caller can observe.
     */
    public static final double ABSOLUTE_FLOOR = 1e-7;

    private TensorAssertions() {
    }

    public static void assertMatchesReference(Map<String, Tensor> actual, Map<String, Tensor> expected, String where) {
        assertThat(actual.keySet()).as("%s: output names", where).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, want) -> assertMatches(actual.get(name), want, where + " output " + name));
    }

    public static void assertMatches(Tensor actual, Tensor expected, String where) {
        assertThat(actual.dataType()).as("%s: datatype", where).isEqualTo(expected.dataType());
        assertThat(actual.shape()).as("%s: shape", where).containsExactly(expected.shape());
        switch (expected.dataType()) {
            case FP32 -> {
                float[] a = actual.floats();
                float[] e = expected.floats();
                for (int i = 0; i < e.length; i++) {
                    assertClose(a[i], e[i], where, i);
                }
            }
            case FP64 -> {
                double[] a = actual.doubles();
                double[] e = expected.doubles();
                for (int i = 0; i < e.length; i++) {
                    assertClose(a[i], e[i], where, i);
                }
            }
            case INT64 -> assertThat(actual.longs()).as("%s: labels", where).containsExactly(expected.longs());
            case INT32 -> assertThat(actual.ints()).as("%s", where).containsExactly(expected.ints());
            default -> assertThat(actual).as(where).isEqualTo(expected.renamed(actual.name()));
        }
    }

    private static void assertClose(double actual, double expected, String where, int index) {
        double diff = Math.abs(actual - expected);
        if (diff > ABSOLUTE_FLOOR && diff > RELATIVE_TOLERANCE * Math.max(Math.abs(actual), Math.abs(expected))) {
            fail("%s: element %d is %s, reference %s (relative difference %.3g)", where, index, actual, expected,
                    diff / Math.abs(expected));
        }
    }
}
