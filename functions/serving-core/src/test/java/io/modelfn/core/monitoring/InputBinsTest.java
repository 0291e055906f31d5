package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.Registries;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Binning of served rows into the card's training profile, on synthetic iris-like inputs. */
class InputBinsTest {

    private final ModelVersion iris = Registries.sample("iris/1.1.0");

    @Test
    void count_should_give_a_psi_under_the_stable_line_for_training_like_rows() {
        // GIVEN 5000 rows drawn from the card's own bins
        float[] rows = TrainingLikeRows.of(iris, new Random(7), 5000, 0);

        // WHEN counted and compared with the profile
        long[][] counts = InputBins.count(iris, Map.of("input", Tensor.ofFloats("input", new long[] {5000, 4}, rows)));

        // THEN every feature holds every row and stays under 0.1
        assertThat(counts).hasNumberOfRows(4);
        for (int f = 0; f < 4; f++) {
            assertThat(Arrays.stream(counts[f]).sum()).isEqualTo(5000);
            assertThat(Psi.of(iris.features().get(f).binProportions(), counts[f])).isLessThan(0.1);
        }
    }

    @Test
    void count_should_give_a_psi_past_the_major_line_for_rows_shifted_by_one_std() {
        float[] rows = TrainingLikeRows.of(iris, new Random(7), 5000, 1.0);

        long[][] counts = InputBins.count(iris, Map.of("input", Tensor.ofFloats("input", new long[] {5000, 4}, rows)));

        for (int f = 0; f < 4; f++) {
            assertThat(Psi.of(iris.features().get(f).binProportions(), counts[f])).as("feature %d", f).isGreaterThan(0.25);
        }
    }

    @Test
    void count_should_skip_non_finite_values_and_models_without_a_profile() {
        // GIVEN a row with a NaN and an image model without feature statistics
        float[] row = {5.0f, Float.NaN, 1.4f, 0.2f};

        long[][] counts = InputBins.count(iris, Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, row)));
        long[][] digits = InputBins.count(Registries.sample("digits/1.0.0"),
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 1, 8, 8}, new float[64])));

        assertThat(Arrays.stream(counts[0]).sum()).isEqualTo(1);
        assertThat(Arrays.stream(counts[1]).sum()).as("the NaN is not counted").isZero();
        assertThat(digits).isEmpty();
    }

    @Test
    void bin_should_follow_the_card_convention() {
        ModelCard.FeatureStats feature = new ModelCard.FeatureStats("x", 2.0, 1.0, new double[] {1.0, 2.0, 3.0},
                new double[] {0.25, 0.25, 0.25, 0.25});

        assertThat(feature.binCount()).isEqualTo(4);
        assertThat(feature.binOf(0.5)).isZero();
        assertThat(feature.binOf(1.0)).isZero();
        assertThat(feature.binOf(1.5)).isEqualTo(1);
        assertThat(feature.binOf(3.0)).isEqualTo(2);
        assertThat(feature.binOf(9.0)).isEqualTo(3);
    }
}
