package io.modelfn.core.prediction;

import java.util.Arrays;

/** Nearest-rank percentiles of measured durations, in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (nearest rank) of {@code nanos}, in milliseconds. */
    static double of(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
