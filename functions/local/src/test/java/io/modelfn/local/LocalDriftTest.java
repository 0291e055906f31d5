package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.monitoring.DriftEvaluator;
import io.modelfn.core.monitoring.InputBins;
import io.modelfn.core.monitoring.Psi;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The local runner's drift: the rollout's computation on the bin counts this process kept. */
class LocalDriftTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final List<String> stdout = new ArrayList<>();
    private final LocalSignals signals = new LocalSignals(new EmfMetrics(stdout::add, clock), clock);
    private final ModelVersion iris = Registries.sample("iris/1.1.0");

    private long[][] serve(int rows, double shift, long seed) {
        Random random = new Random(seed);
        float[] data = new float[rows * 4];
        for (int i = 0; i < data.length; i++) {
            var stats = iris.features().get(i % 4);
            data[i] = (float) (stats.mean() + stats.std() * (random.nextGaussian() + shift));
        }
        long[][] counts = InputBins.count(iris, Map.of("input", Tensor.ofFloats("input", new long[] {rows, 4}, data)));
        for (int f = 0; f < counts.length; f++) {
            signals.recordFeatureBins("iris", "1.1.0", iris.features().get(f).name(), counts[f]);
        }
        return counts;
    }

    @Test
    void evaluator_should_compute_the_psi_of_the_counts_kept_in_the_window_and_pass_every_record_on() {
        // GIVEN iris registered and served: 300 rows at 00:01 (before the window) and 250 shifted rows at 00:10
        InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
        Change operator = Change.by("operator", "test");
        registry.createVersion(iris.withState(LifecycleState.REGISTERED), "{}", operator);
        registry.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000)), 0, operator);
        clock.advance(Duration.ofMinutes(1));
        serve(300, 0, 1);
        clock.advance(Duration.ofMinutes(9));
        long[][] inWindow = serve(250, 1.0, 2);

        // WHEN the schedule's drift check runs at 00:20 (window [00:03, 00:18)) on the local counts
        clock.advance(Duration.ofMinutes(10));
        DriftEvaluator evaluator = new DriftEvaluator(registry, signals, signals, clock,
                new DriftEvaluator.Settings(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(2), 100));
        DriftEvaluator.Report report = evaluator.evaluateIfDue();

        // THEN each feature's PSI is that of the 250 rows in the window alone, emitted like in AWS
        assertThat(report.drift()).hasSize(4);
        for (int f = 0; f < 4; f++) {
            assertThat(report.drift().get(f).rows()).isEqualTo(250);
            assertThat(report.drift().get(f).psi())
                    .isCloseTo(Psi.of(iris.features().get(f).binProportions(), inWindow[f]), within(1e-12));
        }
        assertThat(stdout).filteredOn(l -> l.contains("\"" + MetricsContract.FEATURE_DRIFT_PSI + "\":")).hasSize(4);
        assertThat(stdout).filteredOn(l -> l.contains("\"" + MetricsContract.FEATURE_BIN_COUNT + "\":")).isNotEmpty();
    }
}
