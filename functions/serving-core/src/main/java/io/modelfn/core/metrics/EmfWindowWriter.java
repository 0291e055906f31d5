package io.modelfn.core.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Writes one interval's aggregated observations as EMF records through an {@link EmfMetrics} sink.
 *
 * <p>Each series of request records becomes one record carrying the contract's dimension sets,
 * and each request metric in it a value object {@code {"Values":[...],"Counts":[...],"Max":..,"Min":..,
 * "Count":..,"Sum":..}}: each distinct value once with the number of requests that had it. CloudWatch
 * takes the sample count from the sum of {@code Counts}, so Sum, SampleCount, Average and percentiles
 * equal those of one record per request. A value object holds at most {@value #MAX_VALUES} values (the
 * limit CloudWatch puts on a metric's values in one record); a series with more distinct values goes
 * out in as many records as needed, each metric's values split across them, none counted twice.
 * A feature bin becomes one record with the rows counted into it in the interval, as a plain number.
 */
final class EmfWindowWriter {

    /** The most values one metric may carry in one EMF record. */
    static final int MAX_VALUES = 100;

    /** The most record heads kept ({@link #binHeads}, {@link #seriesValues}); past it, heads are built each time. */
    static final int MAX_HEADS = 4096;

    /** What every request record holds between its timestamp and its metric list. */
    private static final String SERIES_HEAD = seriesHead();

    private final EmfMetrics emf;
    /**
     * A feature's bin record from after its timestamp to its bin's value: the same for every flush but the
     * timestamp, bin and count, so built once per model, version and feature.
     */
    private final Map<FeatureKey, String> binHeads = new ConcurrentHashMap<>();
    /** A series' dimension values, as its request records carry them. */
    private final Map<MetricWindow.Series, String> seriesValues = new ConcurrentHashMap<>();

    private record FeatureKey(String model, String version, String feature) {
    }

    EmfWindowWriter(EmfMetrics emf) {
        this.emf = emf;
    }

    /**
     * Writes the window's records, built into one buffer and handed over at once ({@link EmfMetrics#emitAll}): a
     * Lambda invocation's flush is one write to standard output, not one per record.
     */
    void write(MetricWindow window) {
        long timestamp = emf.now();
        StringBuilder records = new StringBuilder(1024 * (window.requests().size() + 1) + 320 * window.bins().size());
        for (Map.Entry<MetricWindow.Series, ValueCounts[]> series : window.requests().entrySet()) {
            int mark = records.length();
            try {
                writeSeries(records, timestamp, series.getKey(), series.getValue());
            } catch (RuntimeException e) {
                // A metric is never worth more than itself: the other series still go out, this one not in part.
                records.setLength(mark);
            }
        }
        for (Map.Entry<MetricWindow.Bin, long[]> bin : window.bins().entrySet()) {
            int mark = records.length();
            try {
                writeBin(records, timestamp, bin.getKey(), bin.getValue()[0]);
            } catch (RuntimeException e) {
                // as above
                records.setLength(mark);
            }
        }
        if (!records.isEmpty()) {
            emf.emitAll(records);
        }
    }

    private void writeSeries(StringBuilder json, long timestamp, MetricWindow.Series series, ValueCounts[] metrics) {
        int n = metrics.length;
        double[][] values = new double[n][];
        long[][] counts = new long[n][];
        int chunks = 0;
        for (int m = 0; m < n; m++) {
            counts[m] = new long[metrics[m].size()];
            values[m] = metrics[m].sortedValues(counts[m]);
            chunks = Math.max(chunks, (values[m].length + MAX_VALUES - 1) / MAX_VALUES);
        }
        for (int chunk = 0; chunk < chunks; chunk++) {
            int from = chunk * MAX_VALUES;
            json.append("{\"_aws\":{\"Timestamp\":").append(timestamp).append(SERIES_HEAD);
            boolean first = true;
            for (int m = 0; m < n; m++) {
                if (values[m].length > from) {
                    EmfMetrics.metric(json, MetricWindow.NAMES[m], MetricWindow.UNITS[m], first);
                    first = false;
                }
            }
            json.append("]}]}").append(cached(seriesValues, series, EmfWindowWriter::dimensionValues));
            for (int m = 0; m < n; m++) {
                if (values[m].length > from) {
                    json.append(",\"").append(MetricWindow.NAMES[m]).append("\":");
                    valueObject(json, values[m], counts[m], from, Math.min(from + MAX_VALUES, values[m].length));
                }
            }
            json.append("}\n");
        }
    }

    private static void valueObject(StringBuilder json, double[] values, long[] counts, int from, int to) {
        long count = 0;
        double sum = 0;
        json.append("{\"Values\":[");
        for (int i = from; i < to; i++) {
            json.append(i == from ? "" : ",").append(values[i]);
        }
        json.append("],\"Counts\":[");
        for (int i = from; i < to; i++) {
            json.append(i == from ? "" : ",").append(counts[i]);
            count += counts[i];
            sum += values[i] * counts[i];
        }
        // Values are ascending: the chunk's first is its minimum, its last its maximum.
        json.append("],\"Max\":").append(values[to - 1]).append(",\"Min\":").append(values[from])
                .append(",\"Count\":").append(count).append(",\"Sum\":").append(sum).append('}');
    }

    private void writeBin(StringBuilder json, long timestamp, MetricWindow.Bin bin, long rows) {
        json.append("{\"_aws\":{\"Timestamp\":").append(timestamp)
                .append(cached(binHeads, new FeatureKey(bin.model(), bin.version(), bin.feature()), EmfWindowWriter::binHead))
                .append(bin.bin()).append("\",\"").append(MetricsContract.FEATURE_BIN_COUNT).append("\":").append(rows)
                .append("}\n");
    }

    private static <K> String cached(Map<K, String> heads, K key, Function<K, String> build) {
        String head = heads.get(key);
        if (head == null) {
            head = build.apply(key);
            if (heads.size() < MAX_HEADS) {
                heads.put(key, head);
            }
        }
        return head;
    }

    private static String seriesHead() {
        StringBuilder json = new StringBuilder(256);
        json.append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE).append("\",\"Dimensions\":");
        EmfMetrics.dimensionSets(json);
        return json.append(",\"Metrics\":[").toString();
    }

    private static String dimensionValues(MetricWindow.Series series) {
        StringBuilder json = new StringBuilder(160);
        EmfMetrics.dimensionValues(json, series.endpoint(), series.variant(), series.model(), series.version());
        return json.toString();
    }

    /** A bin record from after its timestamp up to its bin's value (the opening quote included). */
    private static String binHead(FeatureKey key) {
        StringBuilder json = new StringBuilder(320);
        json.append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(MetricsContract.NAMESPACE)
                .append("\",\"Dimensions\":[");
        EmfMetrics.dimensionSet(json, MetricsContract.BY_MODEL_VERSION_FEATURE_BIN);
        json.append("],\"Metrics\":[");
        EmfMetrics.metric(json, MetricsContract.FEATURE_BIN_COUNT, MetricsContract.COUNT, true);
        json.append("]}]}");
        json.append(",\"").append(MetricsContract.MODEL).append("\":");
        EmfMetrics.string(json, key.model());
        json.append(",\"").append(MetricsContract.VERSION).append("\":");
        EmfMetrics.string(json, key.version());
        json.append(",\"").append(MetricsContract.FEATURE).append("\":");
        EmfMetrics.string(json, key.feature());
        return json.append(",\"").append(MetricsContract.BIN).append("\":\"").toString();
    }
}
