package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * What the drift check reads from CloudWatch through {@link CloudWatchFeatureCounts}: the served rows
 * per feature and bin, summed over a window from the {@code FeatureBinCount} records, run against
 * each local CloudWatch API: moto_server ({@code MotoCloudWatchFeatureCountsIT}) and LocalStack
 * ({@code LocalStackCloudWatchFeatureCountsIT}). What the adapter asks for, query by query, is
 * {@code CloudWatchFeatureCountsTest}'s.
 */
abstract class CloudWatchFeatureCountsContract {

    private static final AtomicInteger MODELS = new AtomicInteger();

    /** A client of the engine's CloudWatch API. */
    protected abstract CloudWatchClient cloudWatch();

    private void putBinCount(ModelKey version, String feature, int bin, Instant at, double count) {
        cloudWatch().putMetricData(p -> p.namespace(MetricsContract.NAMESPACE).metricData(MetricDatum.builder()
                .metricName(MetricsContract.FEATURE_BIN_COUNT)
                .dimensions(dimension(MetricsContract.MODEL, version.name()), dimension(MetricsContract.VERSION, version.version()),
                        dimension(MetricsContract.FEATURE, feature), dimension(MetricsContract.BIN, Integer.toString(bin)))
                .timestamp(at)
                .value(count)
                .unit(StandardUnit.COUNT)
                .build()));
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    private static ModelCard.FeatureStats feature(String name, int edges) {
        double[] binEdges = new double[edges];
        double[] shares = new double[edges + 1];
        for (int i = 0; i < edges; i++) {
            binEdges[i] = i;
        }
        Arrays.fill(shares, 1.0 / (edges + 1));
        return new ModelCard.FeatureStats(name, 0, 1, binEdges, shares);
    }

    @Test
    void binCounts_should_sum_each_bins_records_in_the_window_and_read_a_bin_without_records_as_zero() {
        // GIVEN records of two environments for features a (3 bins) and b (2 bins) of one version, one
        // record before the window, and a record of another version of the same model
        ModelKey version = new ModelKey("drift" + MODELS.incrementAndGet(), "1.1.0");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant early = now.minus(Duration.ofMinutes(9));
        Instant late = now.minus(Duration.ofMinutes(3));
        putBinCount(version, "a", 0, early, 4);
        putBinCount(version, "a", 0, late, 6);
        putBinCount(version, "a", 2, late, 3);
        putBinCount(version, "b", 1, early, 8);
        putBinCount(version, "b", 1, now.minus(Duration.ofMinutes(45)), 500);
        putBinCount(new ModelKey(version.name(), "1.0.0"), "a", 1, late, 700);

        // WHEN the last 15 minutes are read
        Map<String, long[]> counts = new CloudWatchFeatureCounts(cloudWatch(), Duration.ofMinutes(1))
                .binCounts(version, List.of(feature("a", 2), feature("b", 1)), now.minus(Duration.ofMinutes(15)), now);

        // THEN each bin holds its records' sum, and a bin nobody counted into reads 0
        assertThat(counts.get("a")).containsExactly(10, 0, 3);
        assertThat(counts.get("b")).containsExactly(0, 8);
    }
}
