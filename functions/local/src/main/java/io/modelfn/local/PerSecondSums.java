package io.modelfn.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Counts summed per key and per second of the clock, kept for a period: what CloudWatch keeps of a metric
 * (sums per period, its finest period one second), so that the memory held is in proportion to the seconds
 * and keys seen, not to the records. A runner serving thousands of requests a second adds to the same few
 * sums instead of keeping a record of each for the period.
 *
 * <p>A sum is taken over whole seconds: a record at instant {@code t} falls in second {@code floor(t)}, and
 * {@link #sum} adds the seconds that overlap {@code [from, to)}: {@code from} rounded down to its second, as
 * CloudWatch rounds a query's start time down to its period, and {@code to} rounded up. Where both are whole
 * seconds (the drift check's windows are), that is exactly the records with {@code from <= t < to}; otherwise
 * it holds them all, and at most the rest of the two seconds at the ends (a rollout step's count, from the
 * step's start to now, may take in canary answers of up to a second before the step started).
 *
 * <p>Thread-safe: an add locks only its key's sums of that second.
 */
final class PerSecondSums<K> {

    private final long keptSeconds;
    private final ConcurrentSkipListMap<Long, ConcurrentHashMap<K, Sums>> seconds = new ConcurrentSkipListMap<>();
    /** The latest second added to, so that the common add finds its sums without a search. */
    private volatile Second<K> latest = new Second<>(Long.MIN_VALUE, new ConcurrentHashMap<>());

    private record Second<K>(long second, ConcurrentHashMap<K, Sums> sums) {
    }

    PerSecondSums(Duration kept) {
        if (kept.toSeconds() < 1) {
            throw new IllegalArgumentException("keep the sums for a second or more, not " + kept);
        }
        this.keptSeconds = kept.toSeconds();
    }

    /** Adds {@code counts[i]} to the key's i-th sum for the second of {@code at}. */
    void add(Instant at, K key, long[] counts) {
        sumsOf(second(at), key).add(counts);
    }

    /** Adds one to the key's single sum for the second of {@code at}. */
    void addOne(Instant at, K key) {
        sumsOf(second(at), key).addOne();
    }

    /**
     * The key's sums over the seconds that overlap {@code [from, to)}, {@code width} of them (sums past an index
     * the key never had are 0; indices past {@code width} are left out).
     */
    long[] sum(K key, Instant from, Instant to, int width) {
        long[] total = new long[width];
        long first = second(from);
        long end = secondCeiling(to);
        if (first >= end) {
            return total;
        }
        for (Map<K, Sums> second : seconds.subMap(first, end).values()) {
            Sums sums = second.get(key);
            if (sums != null) {
                sums.addTo(total);
            }
        }
        return total;
    }

    /** How many seconds hold sums now (for tests: the memory held is bounded by the period kept). */
    int secondsHeld() {
        return seconds.size();
    }

    private Sums sumsOf(long second, K key) {
        Second<K> current = latest;
        if (current.second() != second) {
            current = secondOf(second);
        }
        Sums sums = current.sums().get(key);
        return sums != null ? sums : current.sums().computeIfAbsent(key, k -> new Sums());
    }

    private Second<K> secondOf(long second) {
        ConcurrentHashMap<K, Sums> sums = seconds.computeIfAbsent(second, s -> new ConcurrentHashMap<>());
        Second<K> found = new Second<>(second, sums);
        if (second > latest.second()) {
            latest = found;
            // Once per new second: the seconds past the period go.
            seconds.headMap(second - keptSeconds, false).clear();
        }
        return found;
    }

    /** One key's sums in one second. */
    private static final class Sums {
        private long[] values = new long[1];

        synchronized void add(long[] counts) {
            if (counts.length > values.length) {
                values = Arrays.copyOf(values, counts.length);
            }
            for (int i = 0; i < counts.length; i++) {
                values[i] += counts[i];
            }
        }

        synchronized void addOne() {
            values[0]++;
        }

        synchronized void addTo(long[] total) {
            for (int i = 0; i < Math.min(total.length, values.length); i++) {
                total[i] += values[i];
            }
        }
    }

    private static long second(Instant at) {
        return at.getEpochSecond();
    }

    private static long secondCeiling(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }
}
