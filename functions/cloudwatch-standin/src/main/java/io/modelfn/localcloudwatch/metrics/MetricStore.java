package io.modelfn.localcloudwatch.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The samples of every metric, kept for {@code retentionMillis} after the newest one seen. Thread-safe:
 * writers (the functions' metric records) and the alarm evaluator run on different threads.
 *
 * <p>Samples arrive in about the order of their timestamps, so the expired ones are taken from the front:
 * an add costs the samples it expires, not a pass over all of them (which made a runner under load with the
 * stand-in on quadratic in its request rate).
 */
public final class MetricStore {

    private final Map<MetricKey, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final long retentionMillis;

    public MetricStore(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    public void add(MetricKey key, Sample sample) {
        Deque<Sample> list = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (list) {
            list.addLast(sample);
            long oldest = sample.timestampMillis() - retentionMillis;
            while (list.peekFirst().timestampMillis() < oldest) {
                list.removeFirst();
            }
        }
    }

    /** The samples of {@code key} with {@code fromMillis <= timestamp < toMillis}. */
    public List<Sample> samples(MetricKey key, long fromMillis, long toMillis) {
        Deque<Sample> list = samples.get(key);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return list.stream().filter(s -> s.timestampMillis() >= fromMillis && s.timestampMillis() < toMillis).toList();
        }
    }
}
