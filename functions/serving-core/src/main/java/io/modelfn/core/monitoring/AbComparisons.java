package io.modelfn.core.monitoring;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import java.util.List;
import java.util.Locale;

/** Builds {@link AbComparison}s from the feedback counters of two versions. Stateless, thread-safe. */
public final class AbComparisons {

    static final double ALPHA = 0.05;
    static final double POWER = 0.8;

    private final FeedbackStore store;

    public AbComparisons(FeedbackStore store) {
        this.store = store;
    }

    /**
     * @param effect the smallest change of accuracy (or of mean absolute error, for regressions)
     *     worth detecting, e.g. 0.05
     */
    public AbComparison compare(String nameA, ModelKey a, String nameB, ModelKey b, ModelCard.Task task, double effect) {
        if (!(effect > 0)) {
            throw new InvalidAdminRequestException("'effect' must be a positive difference to detect, e.g. 0.05");
        }
        FeedbackCounts countsA = store.read(a);
        FeedbackCounts countsB = store.read(b);
        return task == ModelCard.Task.REGRESSION
                ? regression(nameA, a, countsA, nameB, b, countsB, effect)
                : classification(nameA, a, countsA, nameB, b, countsB, effect);
    }

    private static AbComparison classification(String nameA, ModelKey a, FeedbackCounts countsA, String nameB, ModelKey b,
            FeedbackCounts countsB, double effect) {
        AbComparison.Side sideA = classificationSide(nameA, a, countsA);
        AbComparison.Side sideB = classificationSide(nameB, b, countsB);
        if (countsA.count() == 0 || countsB.count() == 0) {
            return new AbComparison(sideA, sideB, null, null, effect, null, "no feedback yet for "
                    + (countsA.count() == 0 ? nameA : nameB) + ": report outcomes to POST /feedback");
        }
        AbStatistics.ZTest test = AbStatistics.twoProportionZTest(countsA.correct(), countsA.count(), countsB.correct(),
                countsB.count());
        double baseline = Math.min(0.999, Math.max(0.001, sideA.accuracy()));
        double target = baseline + effect < 1 ? effect : -effect;
        long needed = AbStatistics.sampleSizePerGroup(baseline, target, ALPHA, POWER);
        String verdict;
        if (test.pValue() < ALPHA) {
            String better = sideB.accuracy() > sideA.accuracy() ? nameB : nameA;
            verdict = String.format(Locale.ROOT, "%s is more accurate: %.4f vs %.4f, p = %.4g < %.2f", better,
                    Math.max(sideA.accuracy(), sideB.accuracy()), Math.min(sideA.accuracy(), sideB.accuracy()),
                    test.pValue(), ALPHA);
        } else {
            long have = Math.min(countsA.count(), countsB.count());
            verdict = String.format(Locale.ROOT, "no significant difference yet (p = %.4g); detecting a change of %.3f "
                    + "needs %d reports per version, the smaller side has %d", test.pValue(), effect, needed, have);
        }
        return new AbComparison(sideA, sideB, test.z(), test.pValue(), effect, needed, verdict);
    }

    private static AbComparison.Side classificationSide(String name, ModelKey key, FeedbackCounts counts) {
        if (counts.count() == 0) {
            return new AbComparison.Side(name, key, 0, null, null, List.of(), null, null, null);
        }
        double accuracy = (double) counts.correct() / counts.count();
        ConfusionMatrix matrix = counts.matrix();
        return new AbComparison.Side(name, key, counts.count(), accuracy,
                AbStatistics.wilson(counts.correct(), counts.count(), 0.95), matrix.perClass(), matrix.macroF1(), null, null);
    }

    private static AbComparison regression(String nameA, ModelKey a, FeedbackCounts countsA, String nameB, ModelKey b,
            FeedbackCounts countsB, double effect) {
        AbComparison.Side sideA = regressionSide(nameA, a, countsA);
        AbComparison.Side sideB = regressionSide(nameB, b, countsB);
        if (countsA.count() < 2 || countsB.count() < 2) {
            return new AbComparison(sideA, sideB, null, null, effect, null,
                    "not enough feedback yet (at least 2 reports per version)");
        }
        double varA = variance(countsA);
        double varB = variance(countsB);
        double se = Math.sqrt(varA / countsA.count() + varB / countsB.count());
        double diff = sideB.meanAbsoluteError() - sideA.meanAbsoluteError();
        double z = se == 0 ? 0 : diff / se;
        double p = se == 0 ? (diff == 0 ? 1 : 0) : 2 * (1 - Normal.cdf(Math.abs(z)));
        double zSum = Normal.quantile(1 - ALPHA / 2) + Normal.quantile(POWER);
        long needed = (long) Math.ceil(zSum * zSum * (varA + varB) / (effect * effect));
        String verdict = p < ALPHA
                ? String.format(Locale.ROOT, "%s has the smaller error: MAE %.4g vs %.4g, p = %.4g < %.2f",
                        diff < 0 ? nameB : nameA, Math.min(sideA.meanAbsoluteError(), sideB.meanAbsoluteError()),
                        Math.max(sideA.meanAbsoluteError(), sideB.meanAbsoluteError()), p, ALPHA)
                : String.format(Locale.ROOT, "no significant difference yet (p = %.4g); detecting a change of %.4g in "
                        + "mean absolute error needs %d reports per version", p, effect, needed);
        return new AbComparison(sideA, sideB, z, p, effect, needed, verdict);
    }

    private static AbComparison.Side regressionSide(String name, ModelKey key, FeedbackCounts counts) {
        if (counts.count() == 0) {
            return new AbComparison.Side(name, key, 0, null, null, List.of(), null, null, null);
        }
        return new AbComparison.Side(name, key, counts.count(), null, null, List.of(), null,
                counts.sumAbsoluteError() / counts.count(), Math.sqrt(counts.sumSquaredError() / counts.count()));
    }

    /** Sample variance of the absolute error: Σe² − (Σ|e|)²/n over n − 1. */
    private static double variance(FeedbackCounts counts) {
        double n = counts.count();
        return Math.max(0, (counts.sumSquaredError() - counts.sumAbsoluteError() * counts.sumAbsoluteError() / n) / (n - 1));
    }
}
