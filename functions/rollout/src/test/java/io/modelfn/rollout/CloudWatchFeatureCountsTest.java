package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** What the adapter asks CloudWatch for, and how it adds up the answer (CloudWatch itself is not reachable here). */
class CloudWatchFeatureCountsTest {

    private final List<GetMetricDataRequest> requests = new ArrayList<>();

    /** Answers each query with two one-minute sums: 10·feature + bin, and 1 (none for bin 1 of each feature). */
    private final CloudWatchClient cloudWatch = new CloudWatchClient() {
        @Override
        public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
            requests.add(request);
            List<MetricDataResult> results = new ArrayList<>();
            for (MetricDataQuery query : request.metricDataQueries()) {
                int[] fb = CloudWatchFeatureCounts.parseId(query.id());
                List<Double> values = fb[1] == 1 ? List.of() : List.of(10.0 * fb[0] + fb[1], 1.0);
                results.add(MetricDataResult.builder().id(query.id()).values(values).build());
            }
            return GetMetricDataResponse.builder().metricDataResults(results).build();
        }

        @Override
        public String serviceName() {
            return "cloudwatch";
        }

        @Override
        public void close() {
        }
    };

    private static ModelCard.FeatureStats feature(String name, int edges) {
        double[] binEdges = new double[edges];
        double[] shares = new double[edges + 1];
        for (int i = 0; i < edges; i++) {
            binEdges[i] = i;
        }
        java.util.Arrays.fill(shares, 1.0 / (edges + 1));
        return new ModelCard.FeatureStats(name, 0, 1, binEdges, shares);
    }

    @Test
    void binCounts_should_sum_the_series_of_each_feature_and_bin_and_read_a_bin_without_data_as_zero() {
        // GIVEN two features of 3 and 4 bins
        var adapter = new CloudWatchFeatureCounts(cloudWatch, Duration.ofMinutes(1));
        Instant to = Instant.parse("2026-01-01T00:18:00Z");

        // WHEN read over 15 minutes
        Map<String, long[]> counts = adapter.binCounts(new ModelKey("iris", "1.1.0"),
                List.of(feature("a", 2), feature("b", 3)), to.minus(Duration.ofMinutes(15)), to);

        // THEN one query per bin with the contract's metric, dimensions and Sum, and the sums come back per bin
        assertThat(requests).hasSize(1);
        GetMetricDataRequest request = requests.get(0);
        assertThat(request.startTime()).isEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
        assertThat(request.metricDataQueries()).hasSize(7);
        MetricDataQuery last = request.metricDataQueries().get(6);
        assertThat(last.metricStat().metric().metricName()).isEqualTo(MetricsContract.FEATURE_BIN_COUNT);
        assertThat(last.metricStat().metric().namespace()).isEqualTo(MetricsContract.NAMESPACE);
        assertThat(last.metricStat().stat()).isEqualTo("Sum");
        assertThat(last.metricStat().period()).isEqualTo(60);
        assertThat(last.metricStat().metric().dimensions()).extracting(d -> d.name() + "=" + d.value())
                .containsExactly("Model=iris", "Version=1.1.0", "Feature=b", "Bin=3");
        assertThat(counts.get("a")).containsExactly(1, 0, 3);
        assertThat(counts.get("b")).containsExactly(11, 0, 13, 14);
    }

    @Test
    void binCounts_should_split_more_than_500_queries_over_several_calls() {
        var adapter = new CloudWatchFeatureCounts(cloudWatch, Duration.ofMinutes(1));
        Instant to = Instant.parse("2026-01-01T00:18:00Z");
        List<ModelCard.FeatureStats> features = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            features.add(feature("f" + f, 9)); // 60 features x 10 bins = 600 queries
        }

        Map<String, long[]> counts = adapter.binCounts(new ModelKey("wide", "1.0.0"), features, to.minusSeconds(900), to);

        assertThat(requests).extracting(r -> r.metricDataQueries().size()).containsExactly(500, 100);
        assertThat(counts.get("f59")[9]).isEqualTo(10L * 59 + 9 + 1);
    }
}
