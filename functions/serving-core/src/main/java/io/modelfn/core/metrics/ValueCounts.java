package io.modelfn.core.metrics;

import java.util.Arrays;

/**
 * How many times each exact value was observed in one interval: the {@code Values}/{@code Counts}
 * pairs of an aggregated EMF record. Values are kept as given (no buckets), so every statistic
 * CloudWatch computes from the pairs (sums, sample counts, averages, percentiles) equals what it
 * would compute from one record per observation. An open-addressing table of primitives: adding a
 * value already seen allocates nothing. Not thread-safe: its owner holds the lock.
 */
final class ValueCounts {

    private long[] keys = new long[16];
    private long[] counts = new long[16];
    private boolean[] used = new boolean[16];
    private int size;
    private long total;

    /** Counts one observation of {@code value} (finite). */
    void add(double value) {
        add(value, 1);
    }

    void add(double value, long times) {
        if (size * 2 >= keys.length) {
            grow();
        }
        long key = Double.doubleToLongBits(value == 0.0 ? 0.0 : value); // -0.0 and 0.0 are one value
        int slot = slot(key, keys.length);
        while (used[slot] && keys[slot] != key) {
            slot = (slot + 1) & (keys.length - 1);
        }
        if (!used[slot]) {
            used[slot] = true;
            keys[slot] = key;
            size++;
        }
        counts[slot] += times;
        total += times;
    }

    /** Distinct values seen. */
    int size() {
        return size;
    }

    /** Observations counted (the sum of every count). */
    long total() {
        return total;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The distinct values in ascending order, with their counts at the same index of {@code countsOut}. */
    double[] sortedValues(long[] countsOut) {
        double[] values = new double[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                values[n++] = Double.longBitsToDouble(keys[i]);
            }
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            countsOut[i] = count(values[i]);
        }
        return values;
    }

    /** How many times {@code value} was observed. */
    long count(double value) {
        long key = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        int slot = slot(key, keys.length);
        while (used[slot]) {
            if (keys[slot] == key) {
                return counts[slot];
            }
            slot = (slot + 1) & (keys.length - 1);
        }
        return 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = slot(oldKeys[i], keys.length);
                while (used[slot]) {
                    slot = (slot + 1) & (keys.length - 1);
                }
                used[slot] = true;
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    private static int slot(long key, int length) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & (length - 1);
    }
}
