package io.modelfn.rollout;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.monitoring.FeatureCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * The served rows per bin as CloudWatch summed them from every environment's {@code FeatureBinCount}
 * records: one {@code GetMetricData} query per feature and bin (the contract's metric and
 * [Model, Version, Feature, Bin] dimensions), statistic Sum, added up over the window. A bin nobody
 * counted into has no data and reads 0. At most 500 queries go in one call. Thread-safe.
 */
public final class CloudWatchFeatureCounts implements FeatureCounts {

    static final int QUERIES_PER_CALL = 500;

    private final CloudWatchClient cloudWatch;
    private final Duration period;

    public CloudWatchFeatureCounts(CloudWatchClient cloudWatch, Duration period) {
        this.cloudWatch = cloudWatch;
        this.period = period;
    }

    @Override
    public Map<String, long[]> binCounts(ModelKey version, List<ModelCard.FeatureStats> features, Instant from, Instant to) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            ModelCard.FeatureStats feature = features.get(f);
            int bins = feature.binEdges().length + 1;
            counts.put(feature.name(), new long[bins]);
            for (int b = 0; b < bins; b++) {
                queries.add(query(id(f, b), version, feature.name(), b));
            }
        }
        if (!to.isAfter(from)) {
            return counts;
        }
        for (int start = 0; start < queries.size(); start += QUERIES_PER_CALL) {
            var request = GetMetricDataRequest.builder()
                    .startTime(from)
                    .endTime(to)
                    .metricDataQueries(queries.subList(start, Math.min(queries.size(), start + QUERIES_PER_CALL)))
                    .build();
            for (var page : cloudWatch.getMetricDataPaginator(request)) {
                for (var result : page.metricDataResults()) {
                    int[] fb = parseId(result.id());
                    double sum = result.values().stream().mapToDouble(Double::doubleValue).sum();
                    counts.get(features.get(fb[0]).name())[fb[1]] += Math.round(sum);
                }
            }
        }
        return counts;
    }

    private MetricDataQuery query(String id, ModelKey version, String feature, int bin) {
        Metric metric = Metric.builder()
                .namespace(MetricsContract.NAMESPACE)
                .metricName(MetricsContract.FEATURE_BIN_COUNT)
                .dimensions(dimension(MetricsContract.MODEL, version.name()),
                        dimension(MetricsContract.VERSION, version.version()),
                        dimension(MetricsContract.FEATURE, feature),
                        dimension(MetricsContract.BIN, Integer.toString(bin)))
                .build();
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(MetricStat.builder().metric(metric).period((int) period.toSeconds()).stat("Sum").build())
                .returnData(true)
                .build();
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    /** A query id: GetMetricData wants a lower-case letter first, then letters, digits and underscores. */
    static String id(int feature, int bin) {
        return "f" + feature + "_b" + bin;
    }

    static int[] parseId(String id) {
        int underscore = id.indexOf("_b");
        return new int[] {Integer.parseInt(id.substring(1, underscore)), Integer.parseInt(id.substring(underscore + 2))};
    }
}
