package io.modelfn.core.monitoring;

/**
 * The statistics of an A/B comparison of two versions' accuracy (proportions of correct answers,
 * from ground-truth feedback): confidence intervals, a two-proportion z-test, and the sample size
 * needed to detect a stated effect.
 */
public final class AbStatistics {

    private AbStatistics() {
    }

    /** A proportion's 95 % (or other) confidence interval. */
    public record Interval(double low, double high) {
    }

    /**
     * The Wilson score interval of {@code successes / trials}: well-behaved for small samples and
     * proportions near 0 or 1, unlike the normal (Wald) interval.
     */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (trials == 0) {
            return new Interval(0, 1);
        }
        double z = Normal.quantile(1 - (1 - confidence) / 2);
        double p = (double) successes / trials;
        double z2n = z * z / trials;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / (1 + z2n);
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The outcome of a two-proportion z-test. */
    public record ZTest(double z, double pValue) {
    }

    /**
     * The two-sided two-proportion z-test with the pooled standard error: H0 is that A and B have
     * the same proportion of successes.
     */
    public static ZTest twoProportionZTest(long successesA, long trialsA, long successesB, long trialsB) {
        if (trialsA == 0 || trialsB == 0) {
            return new ZTest(0, 1);
        }
        double pA = (double) successesA / trialsA;
        double pB = (double) successesB / trialsB;
        double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        if (se == 0) {
            return new ZTest(0, pA == pB ? 1 : 0);
        }
        double z = (pB - pA) / se;
        return new ZTest(z, 2 * (1 - Normal.cdf(Math.abs(z))));
    }

    /**
     * Observations needed in EACH group to detect a change of the proportion from {@code baseline} to
     * {@code baseline + effect} with a two-sided test at level {@code alpha} and the given power:
     * {@code n = (z₁₋α/₂·√(2p̄(1−p̄)) + z₁₋β·√(p₁(1−p₁)+p₂(1−p₂)))² / (p₂−p₁)²}, rounded up.
     */
    public static long sampleSizePerGroup(double baseline, double effect, double alpha, double power) {
        double p1 = baseline;
        double p2 = baseline + effect;
        if (effect == 0 || p2 <= 0 || p2 >= 1 || p1 <= 0 || p1 >= 1) {
            throw new IllegalArgumentException("baseline and baseline + effect must be strictly between 0 and 1, effect non-zero");
        }
        double zAlpha = Normal.quantile(1 - alpha / 2);
        double zBeta = Normal.quantile(power);
        double pBar = (p1 + p2) / 2;
        double numerator = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (long) Math.ceil(numerator * numerator / (effect * effect));
    }
}
