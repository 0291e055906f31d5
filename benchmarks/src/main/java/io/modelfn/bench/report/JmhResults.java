package io.modelfn.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JMH JSON result file ({@code -rf json}), read per fork: JMH merges the forks in its own summary,
 * but each fork is one run of the benchmark in a fresh JVM, and the medians of runs are what
 * docs/PERFORMANCE.md reports.
 */
public final class JmhResults {

    /**
     * One fork of one benchmark: sample-time percentiles (in the result's unit) or throughput.
     *
     * @param benchmark the method name ({@code rawOrt}, {@code service}, ...)
     * @param params the parameter values joined by {@code ,} (e.g. the model)
     * @param fork 1-based
     * @param p50 median latency, NaN in throughput mode
     * @param p99 99th percentile latency, NaN in throughput mode
     * @param score the fork's mean of its iterations' scores (ops/s in throughput mode)
     * @param samples how many latencies the fork sampled (iterations in throughput mode)
     */
    public record Fork(String benchmark, String params, int fork, double p50, double p99, double score, long samples,
            String unit) {
    }

    private JmhResults() {
    }

    /**
     * Every {@code <prefix>*.json} of a folder, in name order, as one list: forks are numbered on
     * across files, so three invocations with one fork each read as three runs.
     */
    public static List<Fork> readAll(Path folder, String prefix) throws IOException {
        List<Path> files;
        try (var listing = java.nio.file.Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Fork> all = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (Path file : files) {
            java.util.Map<String, Integer> inFile = new java.util.HashMap<>();
            for (Fork f : read(file)) {
                String key = f.benchmark() + "|" + f.params();
                int offset = seen.getOrDefault(key, 0);
                inFile.merge(key, 1, Integer::sum);
                all.add(new Fork(f.benchmark(), f.params(), offset + f.fork(), f.p50(), f.p99(), f.score(), f.samples(),
                        f.unit()));
            }
            inFile.forEach((key, n) -> seen.merge(key, n, Integer::sum));
        }
        return all;
    }

    public static List<Fork> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<Fork> forks = new ArrayList<>();
        for (JsonNode result : root) {
            String name = result.get("benchmark").asText();
            String method = name.substring(name.lastIndexOf('.') + 1);
            List<String> params = new ArrayList<>();
            if (result.has("params")) {
                result.get("params").properties().forEach(e -> params.add(e.getValue().asText()));
            }
            JsonNode primary = result.get("primaryMetric");
            String unit = primary.get("scoreUnit").asText();
            if (primary.has("rawDataHistogram")) {
                int fork = 0;
                for (JsonNode forkData : primary.get("rawDataHistogram")) {
                    fork++;
                    List<double[]> pairs = new ArrayList<>();
                    long count = 0;
                    for (JsonNode iteration : forkData) {
                        for (JsonNode pair : iteration) {
                            double value = pair.get(0).asDouble();
                            long n = pair.get(1).asLong();
                            pairs.add(new double[] {value, n});
                            count += n;
                        }
                    }
                    pairs.sort((a, b) -> Double.compare(a[0], b[0]));
                    forks.add(new Fork(method, String.join(",", params), fork, percentile(pairs, count, 50),
                            percentile(pairs, count, 99), mean(pairs, count), count, unit));
                }
            } else {
                int fork = 0;
                for (JsonNode forkData : primary.get("rawData")) {
                    fork++;
                    double sum = 0;
                    int n = 0;
                    for (JsonNode iteration : forkData) {
                        sum += iteration.asDouble();
                        n++;
                    }
                    forks.add(new Fork(method, String.join(",", params), fork, Double.NaN, Double.NaN, sum / n, n, unit));
                }
            }
        }
        return forks;
    }

    static double percentile(List<double[]> sortedPairs, long count, double p) {
        long rank = (long) Math.ceil(p / 100.0 * count);
        long seen = 0;
        for (double[] pair : sortedPairs) {
            seen += (long) pair[1];
            if (seen >= rank) {
                return pair[0];
            }
        }
        return sortedPairs.isEmpty() ? Double.NaN : sortedPairs.get(sortedPairs.size() - 1)[0];
    }

    private static double mean(List<double[]> pairs, long count) {
        double sum = 0;
        for (double[] pair : pairs) {
            sum += pair[0] * pair[1];
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The median of some values (the mean of the middle two for an even count). */
    public static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
