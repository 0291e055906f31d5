package io.modelfn.localcloudwatch.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The samples of every metric, kept for {@code retentionMillis} after the newest one seen. Thread-safe:
 * writers (the functions' metric records) and the alarm evaluator run on different threads.
 */
public final class MetricStore {

    private final Map<MetricKey, List<Sample>> samples = new ConcurrentHashMap<>();
    private final long retentionMillis;

    public MetricStore(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    public void add(MetricKey key, Sample sample) {
        List<Sample> list = samples.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            list.add(sample);
            long oldest = sample.timestampMillis() - retentionMillis;
            list.removeIf(s -> s.timestampMillis() < oldest);
        }
    }

    /** The samples of {@code key} with {@code fromMillis <= timestamp < toMillis}. */
    public List<Sample> samples(MetricKey key, long fromMillis, long toMillis) {
        List<Sample> list = samples.get(key);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return list.stream().filter(s -> s.timestampMillis() >= fromMillis && s.timestampMillis() < toMillis).toList();
        }
    }
}
