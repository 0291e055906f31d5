package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.EmfFeatureCounts;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift computed where the counts meet: several execution environments each emit their requests'
 * bin counts as EMF records, a CloudWatch-like sum of those records is read back, and the PSI from
 * it is the PSI of all rows pooled in one place.
 */
class DriftAcrossEnvironmentsTest {

    private static final DriftEvaluator.Settings SETTINGS =
            new DriftEvaluator.Settings(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(2), 100);

    private final MutableClock clock = MutableClock.atEpoch(); // 2026-01-01T00:00:00Z
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    private final EmfFeatureCounts cloudWatch = new EmfFeatureCounts();
    private final List<String> rolloutLines = new ArrayList<>();
    private final ModelVersion iris = Registries.sample("iris/1.1.0");

    @BeforeEach
    void register() {
        Change operator = Change.by("operator", "test");
        registry.createVersion(iris.withState(LifecycleState.REGISTERED), "{}", operator);
        registry.putEndpoint(Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000)), 0, operator);
    }

    private DriftEvaluator evaluator() {
        return new DriftEvaluator(registry, cloudWatch, new EmfMetrics(rolloutLines::add, clock), clock, SETTINGS);
    }

    /** One environment: its own metrics writer, whose lines reach the shared store as CloudWatch Logs would. */
    private EmfMetrics environment(List<String> ownLines) {
        return new EmfMetrics(line -> {
            ownLines.add(line);
            cloudWatch.add(line);
        }, clock);
    }

    /** Serves {@code rows} (row-major) through one environment in requests of 1 to 20 rows. */
    private static void serve(EmfMetrics environment, ModelVersion version, float[] rows, int from, int to, Random random) {
        int width = version.features().size();
        for (int start = from; start < to; ) {
            int batch = Math.min(to - start, 1 + random.nextInt(20));
            float[] request = Arrays.copyOfRange(rows, start * width, (start + batch) * width);
            long[][] counts = InputBins.count(version,
                    Map.of("input", Tensor.ofFloats("input", new long[] {batch, width}, request)));
            for (int f = 0; f < counts.length; f++) {
                environment.recordFeatureBins("iris", "1.1.0", version.features().get(f).name(), counts[f]);
            }
            start += batch;
        }
    }

    @Test
    void psi_from_counts_of_several_environments_should_equal_the_psi_of_the_pooled_rows() throws Exception {
        // GIVEN 2000 rows shifted by half a std, served by five environments in uneven shares (1 row to 1200)
        Random random = new Random(11);
        int total = 2000;
        float[] rows = TrainingLikeRows.of(iris, random, total, 0.5);
        int[] splits = {0, 1, 18, 318, 800, total};
        clock.advance(Duration.ofMinutes(4));
        List<List<String>> environments = new ArrayList<>();
        for (int e = 0; e + 1 < splits.length; e++) {
            List<String> own = new ArrayList<>();
            environments.add(own);
            serve(environment(own), iris, rows, splits[e], splits[e + 1], random);
        }

        // WHEN the rollout's schedule evaluates drift at 00:20 over [00:03, 00:18)
        clock.set(clock.instant().plus(Duration.ofMinutes(16)));
        DriftEvaluator.Report report = evaluator().evaluateIfDue();

        // THEN no environment alone saw the whole traffic, and each feature's PSI equals that of the pooled rows
        assertThat(environments).allSatisfy(own -> assertThat(own).isNotEmpty());
        long[][] pooled = InputBins.count(iris, Map.of("input", Tensor.ofFloats("input", new long[] {total, 4}, rows)));
        assertThat(report.drift()).hasSize(4);
        for (int f = 0; f < 4; f++) {
            ModelCard.FeatureStats feature = iris.features().get(f);
            FeatureDrift drift = report.drift().get(f);
            assertThat(drift.feature()).isEqualTo(feature.name());
            assertThat(drift.rows()).isEqualTo(total);
            assertThat(drift.psi()).as(feature.name())
                    .isCloseTo(Psi.of(feature.binProportions(), pooled[f]), within(1e-12))
                    .isGreaterThan(0.0);
        }
        // and the PSI goes out as the drift alarm's metric, per model, version and feature
        assertThat(rolloutLines).hasSize(4);
        JsonNode record = new ObjectMapper().readTree(rolloutLines.get(0));
        assertThat(record.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").path(0).toString())
                .isEqualTo("[\"Model\",\"Version\",\"Feature\"]");
        assertThat(record.path(MetricsContract.FEATURE_DRIFT_PSI).asDouble())
                .isCloseTo(report.drift().get(0).psi(), within(1e-6));
    }

    @Test
    void evaluateIfDue_should_read_only_on_minutes_divisible_by_every() {
        // GIVEN enough rows
        clock.advance(Duration.ofMinutes(4));
        serve(environment(new ArrayList<>()), iris, TrainingLikeRows.of(iris, new Random(3), 500, 0), 0, 500,
                new Random(4));

        // WHEN the schedule runs at 00:09 and at 00:10
        clock.set(clock.instant().plus(Duration.ofMinutes(5)).plusSeconds(30));
        DriftEvaluator.Report notDue = evaluator().evaluateIfDue();
        clock.advance(Duration.ofSeconds(40));
        DriftEvaluator.Report due = evaluator().evaluateIfDue();

        // THEN only the second evaluates
        assertThat(notDue.drift()).isEmpty();
        assertThat(notDue.skipped()).isEmpty();
        assertThat(due.drift()).hasSize(4);
    }

    @Test
    void evaluate_should_skip_features_with_too_few_rows_and_rows_outside_the_window() {
        // GIVEN 400 rows at 00:01 (outside a 15-minute window ending 00:18) and 99 at 00:10
        clock.advance(Duration.ofMinutes(1));
        serve(environment(new ArrayList<>()), iris, TrainingLikeRows.of(iris, new Random(5), 400, 0), 0, 400, new Random(6));
        clock.set(clock.instant().plus(Duration.ofMinutes(9)));
        serve(environment(new ArrayList<>()), iris, TrainingLikeRows.of(iris, new Random(7), 99, 0), 0, 99, new Random(8));

        // WHEN evaluated at 00:20
        clock.set(clock.instant().plus(Duration.ofMinutes(10)));
        DriftEvaluator.Report report = evaluator().evaluateAll();

        // THEN nothing is emitted: 99 rows in the window are fewer than 100
        assertThat(report.drift()).isEmpty();
        assertThat(report.skipped()).hasSize(4).allSatisfy(s -> assertThat(s).contains("99 rows"));
        assertThat(rolloutLines).isEmpty();
    }
}
