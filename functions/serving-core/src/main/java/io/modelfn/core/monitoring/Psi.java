package io.modelfn.core.monitoring;

/**
 * The population stability index of served bin counts against the training profile's bin shares:
 * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), a the served share of bin i, e its training share. Common reading:
 * below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 major.
 *
 * <p>Empty bins are smoothed by a floor: a share below {@link #FLOOR} (served or expected) counts as
 * {@code FLOOR}, so a bin that no row reached adds a finite term instead of an infinite one (with
 * e = 0.1 and no served row the term is (1e-4 − 0.1)·ln(1e-4 / 0.1) ≈ 0.69). The floor is applied to
 * the shares of the pooled counts, never per environment, so the index depends only on the summed
 * counts.
 */
public final class Psi {

    /** The smallest share a bin is given, served or expected. */
    public static final double FLOOR = 1e-4;

    private Psi() {
    }

    /**
     * @param expected the training shares of the bins (sum about 1)
     * @param observed the served rows per bin, as many as {@code expected}
     * @return the index, 0 when nothing was observed
     * @throws IllegalArgumentException when the lengths differ or a count is negative
     */
    public static double of(double[] expected, long[] observed) {
        if (expected.length != observed.length) {
            throw new IllegalArgumentException(observed.length + " counts for " + expected.length + " bins");
        }
        long total = 0;
        for (long count : observed) {
            if (count < 0) {
                throw new IllegalArgumentException("a bin count is negative: " + count);
            }
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], FLOOR);
            double a = Math.max((double) observed[i] / total, FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
