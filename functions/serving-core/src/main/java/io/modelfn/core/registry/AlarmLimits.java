package io.modelfn.core.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The alarm limits an endpoint sets for itself, over the stage's defaults: the alarms the rollout
 * function makes for its releases use them (endpoints named in the stage settings keep their stack's
 * alarms). A null field takes the stage's default. Stored on the endpoint item.
 *
 * @param maxServerErrorRate server errors per request above which the canary fails, in (0, 1)
 * @param maxP99LatencyMs p99 latency (ms) above which the canary fails, 1 to {@value #MAX_LATENCY_MS}
 * @param minAccuracy feedback accuracy below which the canary fails, in (0, 1]
 * @param minFeedbackSamples labelled predictions a period needs before its accuracy counts, 1 to
 *     {@value #MAX_FEEDBACK_SAMPLES}
 * @param evaluationPeriods one-minute periods over a limit before an alarm fires, 1 to
 *     {@value #MAX_EVALUATION_PERIODS}
 */
public record AlarmLimits(Double maxServerErrorRate, Integer maxP99LatencyMs, Double minAccuracy,
        Integer minFeedbackSamples, Integer evaluationPeriods) {

    /** A Lambda function runs 15 minutes at most: no p99 can be longer. */
    public static final int MAX_LATENCY_MS = 900_000;
    /** CloudWatch evaluates at most one day: 1440 one-minute periods. */
    public static final int MAX_EVALUATION_PERIODS = 1440;
    /** More labelled predictions per five minutes than a floor needs. */
    public static final int MAX_FEEDBACK_SAMPLES = 1_000_000;

    /** No limit of its own: every alarm uses the stage's defaults. */
    public static final AlarmLimits NONE = new AlarmLimits(null, null, null, null, null);

    public AlarmLimits {
        List<String> problems = problems(maxServerErrorRate, maxP99LatencyMs, minAccuracy, minFeedbackSamples,
                evaluationPeriods);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Whether no limit is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** What is wrong with these values (empty when they make valid limits). */
    public static List<String> problems(Double maxServerErrorRate, Integer maxP99LatencyMs, Double minAccuracy,
            Integer minFeedbackSamples, Integer evaluationPeriods) {
        List<String> problems = new ArrayList<>();
        if (maxServerErrorRate != null && !(maxServerErrorRate > 0 && maxServerErrorRate < 1)) {
            problems.add("maxServerErrorRate must be above 0 and below 1, not " + maxServerErrorRate);
        }
        if (maxP99LatencyMs != null && (maxP99LatencyMs < 1 || maxP99LatencyMs > MAX_LATENCY_MS)) {
            problems.add("maxP99LatencyMs must be 1 to " + MAX_LATENCY_MS + ", not " + maxP99LatencyMs);
        }
        if (minAccuracy != null && !(minAccuracy > 0 && minAccuracy <= 1)) {
            problems.add("minAccuracy must be above 0 and at most 1, not " + minAccuracy);
        }
        if (minFeedbackSamples != null && (minFeedbackSamples < 1 || minFeedbackSamples > MAX_FEEDBACK_SAMPLES)) {
            problems.add("minFeedbackSamples must be 1 to " + MAX_FEEDBACK_SAMPLES + ", not " + minFeedbackSamples);
        }
        if (evaluationPeriods != null && (evaluationPeriods < 1 || evaluationPeriods > MAX_EVALUATION_PERIODS)) {
            problems.add("evaluationPeriods must be 1 to " + MAX_EVALUATION_PERIODS + ", not " + evaluationPeriods);
        }
        return problems;
    }
}
