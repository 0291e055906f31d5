package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against textbook values: normal CDF and quantiles as tabulated (and as Python's statistics.NormalDist
 * computes them), Wilson intervals, two-proportion z-tests and Fleiss's sample size formula.
 */
class AbStatisticsTest {

    @ParameterizedTest
    @CsvSource({"0, 0.5", "1.96, 0.9750021048517795", "-1, 0.15865525393145707", "3, 0.9986501019683699",
        "-5, 2.866515718791946e-07", "0.3, 0.6179114221889526", "2.5, 0.9937903346742238", "5.5, 0.9999999810104375"})
    void cdf_should_match_the_tables(double z, double expected) {
        assertThat(Normal.cdf(z)).isCloseTo(expected, within(Math.max(1e-15, expected * 1e-9)));
    }

    @ParameterizedTest
    @CsvSource({"0.975, 1.9599639845400536", "0.8, 0.8416212335729144", "0.05, -1.6448536269514726",
        "0.001, -3.090232306167813", "0.999999, 4.753424308817089"})
    void quantile_should_match_the_tables(double p, double expected) {
        assertThat(Normal.quantile(p)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void wilson_should_give_the_textbook_interval() {
        AbStatistics.Interval interval = AbStatistics.wilson(81, 263, 0.95);

        assertThat(interval.low()).isCloseTo(0.2552885198782743, within(1e-9));
        assertThat(interval.high()).isCloseTo(0.3662095769828001, within(1e-9));
    }

    @Test
    void wilson_should_stay_inside_zero_and_one_at_the_extremes() {
        assertThat(AbStatistics.wilson(0, 10, 0.95).low()).isCloseTo(0, within(1e-12));
        assertThat(AbStatistics.wilson(0, 10, 0.95).high()).isCloseTo(0.27753279986288915, within(1e-9));
        assertThat(AbStatistics.wilson(10, 10, 0.95).high()).isEqualTo(1.0);
        assertThat(AbStatistics.wilson(0, 0, 0.95)).isEqualTo(new AbStatistics.Interval(0, 1));
    }

    @Test
    void z_test_should_give_the_textbook_p_values() {
        AbStatistics.ZTest significant = AbStatistics.twoProportionZTest(200, 1000, 250, 1000);
        AbStatistics.ZTest notSignificant = AbStatistics.twoProportionZTest(45, 100, 55, 100);

        assertThat(significant.z()).isCloseTo(2.677397763008329, within(1e-9));
        assertThat(significant.pValue()).isCloseTo(0.007419649261025674, within(1e-9));
        assertThat(notSignificant.z()).isCloseTo(1.4142135623730956, within(1e-9));
        assertThat(notSignificant.pValue()).isCloseTo(0.157299207050285, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.1, 388", "0.9, 0.02, 3213", "0.2, 0.05, 1094"})
    void sample_size_should_follow_the_pooled_two_proportion_formula(double baseline, double effect, long expected) {
        assertThat(AbStatistics.sampleSizePerGroup(baseline, effect, 0.05, 0.8)).isEqualTo(expected);
    }

    @Test
    void confusion_matrix_should_give_per_class_precision_recall_and_f1() {
        // actual → predicted counts
        ConfusionMatrix matrix = new ConfusionMatrix(Map.of(
                "cat", Map.of("cat", 8L, "dog", 2L),
                "dog", Map.of("cat", 1L, "dog", 9L)));

        assertThat(matrix.total()).isEqualTo(20);
        assertThat(matrix.correct()).isEqualTo(17);
        ConfusionMatrix.ClassScores cat = matrix.perClass().get(0);
        assertThat(cat.label()).isEqualTo("cat");
        assertThat(cat.precision()).isCloseTo(8.0 / 9, within(1e-12));
        assertThat(cat.recall()).isCloseTo(0.8, within(1e-12));
        assertThat(cat.f1()).isCloseTo(2 * (8.0 / 9) * 0.8 / (8.0 / 9 + 0.8), within(1e-12));
        assertThat(matrix.macroF1()).isBetween(0.84, 0.86);
    }
}
