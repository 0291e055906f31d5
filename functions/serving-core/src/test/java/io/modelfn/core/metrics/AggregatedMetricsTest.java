package io.modelfn.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Aggregated EMF records add up: every request recorded is counted once in exactly one flush, per
 * series, with its latency kept exactly, whatever the threads and the flushes do at the same time.
 */
class AggregatedMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ENDPOINTS = {"iris", "digits", "wine"};
    private static final String[] VARIANTS = {"stable", "canary"};
    private static final int[] STATUSES = {200, 200, 200, 200, 400, 404, 500, 503};

    private final Queue lines = new Queue();
    private final AggregatedMetrics metrics = new AggregatedMetrics(new EmfMetrics(lines::add, MutableClock.atEpoch()));

    @Test
    void flushed_records_should_add_up_to_the_requests_recorded_when_threads_record_while_flushes_run() throws Exception {
        // GIVEN 16 threads recording requests over six series, while another thread flushes without pause
        int threads = 16;
        int perThread = 20_000;
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean recording = new AtomicBoolean(true);
        AtomicInteger flushes = new AtomicInteger();
        Thread flusher = new Thread(() -> {
            while (recording.get()) {
                metrics.flush();
                flushes.incrementAndGet();
            }
        });
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            workers.add(new Thread(() -> {
                Random random = new Random(seed);
                await(start);
                for (int i = 0; i < perThread; i++) {
                    String endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
                    String variant = VARIANTS[random.nextInt(VARIANTS.length)];
                    int status = STATUSES[random.nextInt(STATUSES.length)];
                    double latency = random.nextInt(5_000) / 1000.0 + (random.nextBoolean() ? 0.0001 : 0);
                    boolean inferred = status < 400;
                    RequestMetrics request = new RequestMetrics(endpoint, variant, endpoint, "1.0.0", status, latency,
                            inferred ? latency / 2 : -1, inferred ? 1 : -1, -1, false, "r-" + seed + "-" + i);
                    // WHEN each request is recorded
                    metrics.record(request);
                    metrics.recordFeatureBins(endpoint, "1.0.0", "f0", new long[] {1, 0, 2});
                    sent.computeIfAbsent(endpoint + "/" + variant, k -> new Sent()).add(request);
                }
            }));
        }
        workers.forEach(Thread::start);
        flusher.start();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        recording.set(false);
        flusher.join();
        metrics.flush();

        // THEN the flushes ran while requests were recorded, and their records were split between them
        assertThat(flushes.get()).isGreaterThan(1);
        List<JsonNode> records = lines.parsed();
        assertThat(records.stream().map(r -> r.path("_aws").path("Timestamp").asLong()).count()).isPositive();
        Map<String, Received> received = new HashMap<>();
        long binRows = 0;
        for (JsonNode record : records) {
            if (record.has("FeatureBinCount")) {
                binRows += record.path("FeatureBinCount").asLong();
                continue;
            }
            received.computeIfAbsent(record.path("Endpoint").asText() + "/" + record.path("Variant").asText(),
                    k -> new Received()).add(record);
        }
        assertThat(received.values().stream().mapToInt(r -> r.records).sum())
                .as("more records than series: requests of one series were flushed more than once")
                .isGreaterThan(received.size());
        // AND per series, the counts out equal the requests in: requests, errors, latencies value by value
        assertThat(received.keySet()).isEqualTo(sent.keySet());
        long total = 0;
        for (Map.Entry<String, Sent> series : sent.entrySet()) {
            Sent in = series.getValue();
            Received out = received.get(series.getKey());
            assertThat(out.sum("Requests")).as(series.getKey()).isEqualTo(in.requests.sum());
            assertThat(out.count("Requests")).as(series.getKey()).isEqualTo(in.requests.sum());
            assertThat(out.sum("ClientErrors")).as(series.getKey()).isEqualTo(in.clientErrors.sum());
            assertThat(out.sum("ServerErrors")).as(series.getKey()).isEqualTo(in.serverErrors.sum());
            assertThat(out.count("Latency")).as(series.getKey()).isEqualTo(in.requests.sum());
            assertThat(out.values("Latency")).as(series.getKey()).isEqualTo(in.latencies());
            assertThat(out.count("InferenceLatency")).as(series.getKey()).isEqualTo(in.inferred.sum());
            assertThat(out.sum("CacheHit")).as(series.getKey()).isEqualTo(in.inferred.sum());
            total += in.requests.sum();
        }
        assertThat(total).isEqualTo((long) threads * perThread);
        assertThat(binRows).isEqualTo(3L * threads * perThread);
    }

    @Test
    void flush_should_split_a_series_with_more_than_100_distinct_values_without_counting_any_twice() throws Exception {
        // GIVEN 250 requests of one series, each with its own latency
        for (int i = 0; i < 250; i++) {
            metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, i / 10.0, -1, -1, -1, false, null));
        }

        // WHEN flushed
        metrics.flush();

        // THEN three records carry the latencies, 100 at most each; the counters are in the first only
        List<JsonNode> records = lines.parsed();
        assertThat(records).hasSize(3);
        assertThat(records).allSatisfy(r -> assertThat(r.path("Latency").path("Values").size()).isLessThanOrEqualTo(100));
        assertThat(records.get(0).path("Requests").path("Counts").get(0).asLong()).isEqualTo(250);
        assertThat(records.get(1).has("Requests")).isFalse();
        assertThat(metricNames(records.get(1))).containsExactly("Latency");
        Received out = new Received();
        records.forEach(out::add);
        assertThat(out.count("Latency")).isEqualTo(250);
        assertThat(out.values("Latency").keySet()).hasSize(250);
        // AND each value object's summary agrees with its pairs
        JsonNode first = records.get(0).path("Latency");
        assertThat(first.path("Min").asDouble()).isEqualTo(0.0);
        assertThat(first.path("Max").asDouble()).isEqualTo(9.9);
        assertThat(first.path("Count").asLong()).isEqualTo(100);
    }

    @Test
    void records_should_carry_their_own_dimension_values_in_every_flush_when_their_heads_are_reused() {
        // GIVEN bins of two features (one name needing escapes) and requests of two series, over two flushes
        String odd = "petal \"width\"\\cm";
        for (int flush = 0; flush < 2; flush++) {
            metrics.recordFeatureBins("iris", "1.0.0", "sepal_length", new long[] {0, 2, 0});
            metrics.recordFeatureBins("iris", "1.1.0", odd, new long[] {1, 0, 3});
            metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1.0, 0.5, 1, -1, false, "r"));
            metrics.record(new RequestMetrics("iris", "canary", "iris", "1.1.0", 200, 2.0, 0.5, 1, -1, false, "r"));

            // WHEN they are flushed
            metrics.flush();
        }

        // THEN each flush wrote one record per non-empty bin and per series, each with its own values, in full EMF
        List<JsonNode> records = lines.parsed();
        List<String> bins = records.stream().filter(r -> r.has("FeatureBinCount"))
                .map(r -> r.path("Version").asText() + "|" + r.path("Feature").asText() + "|" + r.path("Bin").asText() + "|"
                        + r.path("FeatureBinCount").asLong())
                .sorted().toList();
        assertThat(bins).containsExactly("1.0.0|sepal_length|1|2", "1.0.0|sepal_length|1|2", "1.1.0|" + odd + "|0|1",
                "1.1.0|" + odd + "|0|1", "1.1.0|" + odd + "|2|3", "1.1.0|" + odd + "|2|3");
        for (JsonNode bin : records.stream().filter(r -> r.has("FeatureBinCount")).toList()) {
            JsonNode directive = bin.path("_aws").path("CloudWatchMetrics").get(0);
            assertThat(bin.path("Model").asText()).isEqualTo("iris");
            assertThat(directive.path("Namespace").asText()).isEqualTo(MetricsContract.NAMESPACE);
            assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Model\",\"Version\",\"Feature\",\"Bin\"]]");
            assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"FeatureBinCount\",\"Unit\":\"Count\"}]");
        }
        List<String> series = records.stream().filter(r -> r.has(MetricsContract.REQUESTS))
                .map(r -> r.path("Variant").asText() + "|" + r.path("Version").asText() + "|"
                        + r.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").size())
                .sorted().toList();
        int sets = MetricsContract.DIMENSION_SETS.size();
        assertThat(series).containsExactly("canary|1.1.0|" + sets, "canary|1.1.0|" + sets, "stable|1.0.0|" + sets,
                "stable|1.0.0|" + sets);
    }

    @Test
    void flush_should_write_nothing_when_nothing_was_recorded_since_the_last_flush() {
        metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1.0, 0.5, 1, -1, false, "r"));
        metrics.flush();
        int written = lines.parsed().size();

        metrics.flush();

        assertThat(lines.parsed()).hasSize(written);
        assertThat(written).isEqualTo(1);
    }

    @Test
    void events_should_be_written_at_once_when_they_are_not_request_records() {
        metrics.recordEvent("iris", "shadow", "iris", "1.0.0", MetricsContract.SHADOW_REQUESTS, 1, MetricsContract.COUNT);

        assertThat(lines.parsed()).hasSize(1);
    }

    @Test
    void close_should_flush_what_is_pending_when_the_interval_has_not_come() throws Exception {
        // GIVEN a flusher whose interval is far away
        MetricsFlusher flusher = MetricsFlusher.every(Duration.ofHours(1), metrics);
        metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1.0, 0.5, 1, -1, false, "r"));
        assertThat(lines.parsed()).isEmpty();

        // WHEN the process shuts down
        flusher.close();

        // THEN the pending request is written
        assertThat(lines.parsed()).hasSize(1);
        assertThat(lines.parsed().get(0).path("Requests").path("Counts").get(0).asLong()).isEqualTo(1);
    }

    @Test
    void flusher_should_flush_every_interval_when_requests_keep_coming() throws Exception {
        MetricsFlusher flusher = MetricsFlusher.every(Duration.ofMillis(20), metrics);
        try {
            for (int i = 0; i < 5; i++) {
                metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1.0, 0.5, 1, -1, false, "r"));
                Thread.sleep(60);
            }
            assertThat(lines.parsed().size()).isGreaterThanOrEqualTo(4);
        } finally {
            flusher.close();
        }
        Received out = new Received();
        lines.parsed().forEach(out::add);
        assertThat(out.sum("Requests")).isEqualTo(5);
    }

    private static List<String> metricNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What was sent to one series. */
    private static final class Sent {
        final LongAdder requests = new LongAdder();
        final LongAdder clientErrors = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder inferred = new LongAdder();
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();

        void add(RequestMetrics r) {
            requests.increment();
            if (r.status() >= 400 && r.status() < 500) {
                clientErrors.increment();
            }
            if (r.status() >= 500) {
                serverErrors.increment();
            }
            if (r.inferenceMs() >= 0) {
                inferred.increment();
            }
            latencies.add(Math.round(r.latencyMs() * 1000.0) / 1000.0);
        }

        Map<Double, Long> latencies() {
            Map<Double, Long> counts = new TreeMap<>();
            latencies.forEach(v -> counts.merge(v, 1L, Long::sum));
            return counts;
        }
    }

    /** What the records of one series carried, summed over every record and flush. */
    private static final class Received {
        int records;
        final Map<String, Map<Double, Long>> pairs = new HashMap<>();

        void add(JsonNode record) {
            records++;
            record.fieldNames().forEachRemaining(name -> {
                JsonNode value = record.path(name);
                if (value.has("Values")) {
                    // Every value object's pairs, Count and Sum must agree with each other.
                    long count = 0;
                    double sum = 0;
                    for (int i = 0; i < value.path("Values").size(); i++) {
                        double v = value.path("Values").get(i).asDouble();
                        long c = value.path("Counts").get(i).asLong();
                        pairs.computeIfAbsent(name, n -> new TreeMap<>()).merge(v, c, Long::sum);
                        count += c;
                        sum += v * c;
                    }
                    assertThat(value.path("Values").size()).isLessThanOrEqualTo(EmfWindowWriter.MAX_VALUES);
                    assertThat(value.path("Count").asLong()).isEqualTo(count);
                    assertThat(value.path("Sum").asDouble()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
                }
            });
        }

        Map<Double, Long> values(String metric) {
            return pairs.getOrDefault(metric, Map.of());
        }

        long count(String metric) {
            return values(metric).values().stream().mapToLong(Long::longValue).sum();
        }

        long sum(String metric) {
            return Math.round(values(metric).entrySet().stream().mapToDouble(e -> e.getKey() * e.getValue()).sum());
        }
    }

    /** The lines written, in order, from any thread. */
    private static final class Queue {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        void add(String line) {
            lines.add(line);
        }

        List<JsonNode> parsed() {
            return lines.stream().map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(line, e);
                }
            }).toList();
        }
    }
}
