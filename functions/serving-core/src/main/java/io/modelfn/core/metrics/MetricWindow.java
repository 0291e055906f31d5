package io.modelfn.core.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The observations of one flush interval: for each series of request records (endpoint, variant,
 * model, version) how many times each value of each request metric was seen, and for each feature
 * bin the rows counted into it. Not thread-safe: {@link AggregatedMetrics} fills it under its lock
 * and writes it out once no one can add to it.
 */
final class MetricWindow {

    /** The request metrics, in the order a per-request record lists them, with their units. */
    static final String[] NAMES = {MetricsContract.REQUESTS, MetricsContract.CLIENT_ERRORS,
            MetricsContract.SERVER_ERRORS, MetricsContract.LATENCY, MetricsContract.INFERENCE_LATENCY,
            MetricsContract.CACHE_HIT, MetricsContract.CACHE_MISS, MetricsContract.MODEL_LOAD_TIME,
            MetricsContract.RESULT_CACHE_HIT, MetricsContract.COLD_START, MetricsContract.ESTIMATED_COST};
    static final String[] UNITS = {MetricsContract.COUNT, MetricsContract.COUNT, MetricsContract.COUNT,
            MetricsContract.MILLISECONDS, MetricsContract.MILLISECONDS, MetricsContract.COUNT, MetricsContract.COUNT,
            MetricsContract.MILLISECONDS, MetricsContract.COUNT, MetricsContract.COUNT, MetricsContract.NONE_UNIT};
    private static final int REQUESTS = 0;
    private static final int CLIENT_ERRORS = 1;
    private static final int SERVER_ERRORS = 2;
    private static final int LATENCY = 3;
    private static final int INFERENCE_LATENCY = 4;
    private static final int CACHE_HIT = 5;
    private static final int CACHE_MISS = 6;
    private static final int MODEL_LOAD_TIME = 7;
    private static final int RESULT_CACHE_HIT = 8;
    private static final int COLD_START = 9;
    private static final int ESTIMATED_COST = 10;

    /** Which request records share one aggregated record: the dimension values of the contract's sets. */
    record Series(String endpoint, String variant, String model, String version) {
    }

    /** Which feature-bin counts are summed together. */
    record Bin(String model, String version, String feature, int bin) {
    }

    private final Map<Series, ValueCounts[]> requests = new HashMap<>();
    private final Map<Bin, long[]> bins = new HashMap<>();

    void add(RequestMetrics r) {
        ValueCounts[] m = requests.computeIfAbsent(new Series(r.endpoint(), r.variant(), r.model(), r.version()),
                s -> newCounts());
        m[REQUESTS].add(1);
        m[CLIENT_ERRORS].add(r.status() >= 400 && r.status() < 500 ? 1 : 0);
        m[SERVER_ERRORS].add(r.status() >= 500 ? 1 : 0);
        m[LATENCY].add(milliseconds(r.latencyMs()));
        if (r.inferenceMs() >= 0) {
            m[INFERENCE_LATENCY].add(milliseconds(r.inferenceMs()));
        }
        if (r.cacheHit() >= 0) {
            m[CACHE_HIT].add(r.cacheHit());
            m[CACHE_MISS].add(1 - r.cacheHit());
        }
        if (r.modelLoadMs() >= 0) {
            m[MODEL_LOAD_TIME].add(milliseconds(r.modelLoadMs()));
        }
        if (r.resultCacheHit() >= 0) {
            m[RESULT_CACHE_HIT].add(r.resultCacheHit());
        }
        m[COLD_START].add(r.coldStart() ? 1 : 0);
        if (r.estimatedCost() >= 0) {
            m[ESTIMATED_COST].add(r.estimatedCost());
        }
    }

    void addBins(String model, String version, String feature, long[] counts) {
        for (int bin = 0; bin < counts.length; bin++) {
            if (counts[bin] > 0) {
                bins.computeIfAbsent(new Bin(model, version, feature, bin), b -> new long[1])[0] += counts[bin];
            }
        }
    }

    boolean isEmpty() {
        return requests.isEmpty() && bins.isEmpty();
    }

    /** Per series, the counts of each metric of {@link #NAMES} (empty where no request had it). */
    Map<Series, ValueCounts[]> requests() {
        return requests;
    }

    /** Per feature bin, the rows counted into it. */
    Map<Bin, long[]> bins() {
        return bins;
    }

    /** Milliseconds as a per-request record writes them: to the microsecond. */
    static double milliseconds(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static ValueCounts[] newCounts() {
        ValueCounts[] counts = new ValueCounts[NAMES.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new ValueCounts();
        }
        return counts;
    }
}
