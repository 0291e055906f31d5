package io.modelfn.core.rollout;

import io.modelfn.core.registry.AlarmLimits;

/**
 * The limits an endpoint's alarms hold its variants to. The defaults apply to every endpoint the
 * stage settings do not name (endpoints created at runtime) and fill what a stage's settings leave out.
 *
 * @param maxServerErrorRate server errors per request above which a variant is failing, in (0, 1)
 * @param maxP99LatencyMs p99 latency (ms) above which a variant is failing
 * @param minAccuracy feedback accuracy below which a variant is failing, in (0, 1]
 * @param minFeedbackSamples labelled predictions a period needs before its accuracy counts
 * @param evaluationPeriods consecutive one-minute periods over a limit before the alarm fires
 */
public record AlarmThresholds(double maxServerErrorRate, int maxP99LatencyMs, double minAccuracy, int minFeedbackSamples,
        int evaluationPeriods) {

    public static final double DEFAULT_MAX_SERVER_ERROR_RATE = 0.05;
    public static final int DEFAULT_MAX_P99_LATENCY_MS = 1000;
    public static final double DEFAULT_MIN_ACCURACY = 0.8;
    public static final int DEFAULT_MIN_FEEDBACK_SAMPLES = 20;
    public static final int DEFAULT_EVALUATION_PERIODS = 2;

    /** The defaults, for endpoints that name no limits of their own. */
    public static final AlarmThresholds DEFAULTS = new AlarmThresholds(DEFAULT_MAX_SERVER_ERROR_RATE,
            DEFAULT_MAX_P99_LATENCY_MS, DEFAULT_MIN_ACCURACY, DEFAULT_MIN_FEEDBACK_SAMPLES, DEFAULT_EVALUATION_PERIODS);

    public AlarmThresholds {
        if (maxServerErrorRate <= 0 || maxServerErrorRate >= 1) {
            throw new IllegalArgumentException("maxServerErrorRate must be in (0, 1)");
        }
        if (minAccuracy <= 0 || minAccuracy > 1) {
            throw new IllegalArgumentException("minAccuracy must be in (0, 1]");
        }
        if (maxP99LatencyMs <= 0 || minFeedbackSamples < 1 || evaluationPeriods < 1) {
            throw new IllegalArgumentException("maxP99LatencyMs, minFeedbackSamples and evaluationPeriods must be positive");
        }
    }

    /** These limits with an endpoint's own in place of those it sets ({@link AlarmLimits#NONE}: these unchanged). */
    public AlarmThresholds withLimits(AlarmLimits own) {
        return new AlarmThresholds(
                own.maxServerErrorRate() != null ? own.maxServerErrorRate() : maxServerErrorRate,
                own.maxP99LatencyMs() != null ? own.maxP99LatencyMs() : maxP99LatencyMs,
                own.minAccuracy() != null ? own.minAccuracy() : minAccuracy,
                own.minFeedbackSamples() != null ? own.minFeedbackSamples() : minFeedbackSamples,
                own.evaluationPeriods() != null ? own.evaluationPeriods() : evaluationPeriods);
    }
}
