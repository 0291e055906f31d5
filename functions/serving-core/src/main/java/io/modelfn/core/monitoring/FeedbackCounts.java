package io.modelfn.core.monitoring;

import java.util.Map;

/**
 * What ground-truth feedback says about one model version so far.
 *
 * @param count feedback reports
 * @param correct classification reports whose prediction was right
 * @param confusion classification counts by true class then predicted class
 * @param sumAbsoluteError regression: Σ|predicted − actual|
 * @param sumSquaredError regression: Σ(predicted − actual)²
 */
public record FeedbackCounts(long count, long correct, Map<String, Map<String, Long>> confusion,
        double sumAbsoluteError, double sumSquaredError) {

    public static final FeedbackCounts NONE = new FeedbackCounts(0, 0, Map.of(), 0, 0);

    public FeedbackCounts {
        confusion = Map.copyOf(confusion);
    }

    public ConfusionMatrix matrix() {
        return new ConfusionMatrix(confusion);
    }
}
