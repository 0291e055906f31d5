package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PSI function on a table of cases. Expected values were computed apart from this code, by
 * Σ (a − e)·ln(a / e) with both shares floored at 1e-4 (Python 3, math.log).
 */
class PsiTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("served as trained", new double[] {0.25, 0.25, 0.25, 0.25}, new long[] {25, 25, 25, 25}, 0.0),
                Arguments.of("nothing served", new double[] {0.5, 0.5}, new long[] {0, 0}, 0.0),
                Arguments.of("one bin over-served", new double[] {0.5, 0.5}, new long[] {80, 20}, 0.41588830833596724),
                Arguments.of("a served bin empty: floored share 1e-4", new double[] {0.5, 0.5}, new long[] {100, 0},
                        4.60431846666895),
                Arguments.of("a training share of 0: floored to 1e-4", new double[] {1.0, 0.0}, new long[] {50, 50},
                        4.60431846666895),
                Arguments.of("order reversed", new double[] {0.1, 0.2, 0.3, 0.4}, new long[] {40, 30, 20, 10},
                        0.9128696382935673),
                Arguments.of("only shares matter, not the total", new double[] {0.25, 0.75}, new long[] {1, 3}, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void of_should_match_the_reference_value(String name, double[] expected, long[] observed, double psi) {
        assertThat(Psi.of(expected, observed)).isCloseTo(psi, within(1e-12));
    }

    @Test
    void of_should_depend_on_shares_only_when_counts_scale() {
        double[] expected = {0.1, 0.2, 0.3, 0.4};

        assertThat(Psi.of(expected, new long[] {7, 1, 0, 3}))
                .isCloseTo(Psi.of(expected, new long[] {700, 100, 0, 300}), within(1e-12));
    }

    @Test
    void of_should_refuse_counts_that_do_not_match_the_bins() {
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Psi.of(new double[] {0.5, 0.5}, new long[] {1, -2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
