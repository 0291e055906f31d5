package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Drift on synthetic inputs drawn from, or shifted away from, iris's training distribution. */
class DriftMonitorTest {

    private final List<String> emitted = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void record(io.modelfn.core.metrics.RequestMetrics request) {
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
        }

        @Override
        public void recordFeatureDrift(String model, String version, String feature, double psi) {
            emitted.add(model + "/" + version + ":" + feature + "=" + psi);
        }
    };
    private final ModelVersion iris = Registries.sample("iris/1.1.0");
    private final Random random = new Random(7);

    /** A row drawn from the card's bins: a bin by its training share, then a value inside it. */
    private float[] trainingLikeRow(double shiftInStd) {
        List<ModelCard.FeatureStats> features = iris.features();
        float[] row = new float[features.size()];
        for (int f = 0; f < row.length; f++) {
            ModelCard.FeatureStats stats = features.get(f);
            double[] edges = stats.binEdges();
            double[] shares = stats.binProportions();
            double u = random.nextDouble();
            int bin = 0;
            for (double cumulative = shares[0]; u > cumulative && bin < shares.length - 1; ) {
                bin++;
                cumulative += shares[bin];
            }
            double low = bin == 0 ? edges[0] - stats.std() * 0.5 : edges[bin - 1];
            double high = bin == edges.length ? edges[edges.length - 1] + stats.std() * 0.5 : edges[bin];
            row[f] = (float) (low + random.nextDouble() * (high - low) + shiftInStd * stats.std());
        }
        return row;
    }

    private void serve(DriftMonitor monitor, int rows, double shiftInStd) {
        for (int i = 0; i < rows; i++) {
            monitor.observe(iris, Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, trainingLikeRow(shiftInStd))));
        }
    }

    @Test
    void unshifted_inputs_should_stay_under_the_stable_threshold() {
        DriftMonitor monitor = new DriftMonitor(metrics, 100);
        serve(monitor, 5000, 0);

        List<DriftMonitor.FeatureDrift> drift = monitor.report();

        assertThat(drift).hasSize(4).allSatisfy(d -> assertThat(d.psi()).as(d.feature()).isLessThan(0.1));
        assertThat(emitted).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("iris/1.1.0:"));
    }

    @Test
    void shifted_inputs_should_raise_the_psi_past_the_threshold() {
        DriftMonitor monitor = new DriftMonitor(metrics, 100);
        serve(monitor, 5000, 1.0);

        List<DriftMonitor.FeatureDrift> drift = monitor.report();

        assertThat(drift).hasSize(4).allSatisfy(d -> assertThat(d.psi()).as(d.feature()).isGreaterThan(0.25));
    }

    @Test
    void report_should_wait_for_enough_rows_and_start_a_new_window_after_reporting() {
        DriftMonitor monitor = new DriftMonitor(metrics, 1000);
        serve(monitor, 999, 0);
        assertThat(monitor.report()).isEmpty();

        serve(monitor, 1, 0);
        assertThat(monitor.report()).hasSize(4);
        assertThat(monitor.report()).as("a fresh window").isEmpty();
    }

    @Test
    void observe_should_count_every_row_of_a_batch_and_ignore_models_without_statistics() {
        DriftMonitor monitor = new DriftMonitor(metrics, 10);
        float[] batch = new float[10 * 4];
        for (int r = 0; r < 10; r++) {
            System.arraycopy(trainingLikeRow(0), 0, batch, r * 4, 4);
        }
        monitor.observe(iris, Map.of("input", Tensor.ofFloats("input", new long[] {10, 4}, batch)));
        monitor.observe(Registries.sample("digits/1.0.0"),
                Map.of("input", Tensor.ofFloats("input", new long[] {1, 1, 8, 8}, new float[64])));

        assertThat(monitor.report()).extracting(DriftMonitor.FeatureDrift::samples).containsOnly(10L);
    }

    @Test
    void bin_should_follow_the_card_convention() {
        double[] edges = {1.0, 2.0, 3.0};

        assertThat(DriftMonitor.bin(edges, 0.5)).isZero();
        assertThat(DriftMonitor.bin(edges, 1.0)).isZero();
        assertThat(DriftMonitor.bin(edges, 1.5)).isEqualTo(1);
        assertThat(DriftMonitor.bin(edges, 3.0)).isEqualTo(2);
        assertThat(DriftMonitor.bin(edges, 9.0)).isEqualTo(3);
    }
}
