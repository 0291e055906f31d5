package io.modelfn.core.monitoring;

import io.modelfn.core.model.ModelKey;
import java.util.List;

/**
 * Two versions side by side on what feedback says: per version the sample, accuracy with its 95 %
 * confidence interval and per-class scores (or the error of a regression), then the test between
 * them, the sample size still needed to detect the stated effect, and a plain verdict.
 *
 * @param pValue two-sided p-value of the difference (two-proportion z-test; Welch z-test on mean
 *     absolute error for regressions), or null when a side has no feedback
 * @param sampleSizePerGroup feedback per version needed to detect {@code effect} (power 0.8, α 0.05)
 */
public record AbComparison(Side a, Side b, Double z, Double pValue, double effect, Long sampleSizePerGroup,
        String verdict) {

    /** One version's figures. */
    public record Side(String name, ModelKey version, long feedback, Double accuracy, AbStatistics.Interval accuracyInterval,
            List<ConfusionMatrix.ClassScores> perClass, Double macroF1, Double meanAbsoluteError, Double rootMeanSquaredError) {
    }
}
