package io.modelfn.localcloudwatch.alarms;

import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation of an alarm on its evaluation range, as "Using Amazon CloudWatch alarms" documents it
 * (sections "Evaluating an alarm" and "How alarm state is evaluated when data is missing",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html):
 *
 * <ul>
 * <li>the range holds more periods than {@code EvaluationPeriods} (N); CloudWatch's own example retrieves
 *     N + 2, and so does {@link #RANGE_EXTRA};
 * <li>when at least N real datapoints exist, the N most recent real ones are evaluated and the missing-data
 *     setting is not used;
 * <li>otherwise every real datapoint is evaluated and missing ones fill up to N, as few as possible:
 *     {@code breaching} and {@code notBreaching} fill with that; {@code missing} and {@code ignore} do not
 *     fill, so a range with no non-breaching datapoint and fewer than M breaching ones gives
 *     INSUFFICIENT_DATA ({@code missing}) or keeps the current state ({@code ignore});
 * <li>with {@code missing}, an alarm still goes to ALARM when its oldest breaching datapoint is at least M
 *     periods old and every newer one is breaching or missing (the page's "avoiding premature
 *     transitions" rule, the sixth row of its first table);
 * <li>then fewer than M ({@code DatapointsToAlarm}) breaching datapoints is OK, else ALARM.
 * </ul>
 *
 * Pure: the caller holds the state.
 */
public final class AlarmEvaluation {

    /** How many periods beyond N the evaluation range holds. */
    public static final int RANGE_EXTRA = 2;

    /** The state an evaluation gives and why (CloudWatch's reason text, in its style). */
    public record Outcome(AlarmState state, String reason) {
    }

    private AlarmEvaluation() {
    }

    /**
     * @param range the datapoints of the evaluation range, oldest first; {@code null} where missing
     * @param current the alarm's state before this evaluation (kept by {@code ignore})
     */
    public static Outcome evaluate(List<Double> range, Comparison comparison, double threshold, int evaluationPeriods,
            int datapointsToAlarm, MissingData missingData, AlarmState current) {
        int n = evaluationPeriods;
        int m = datapointsToAlarm;
        List<Double> real = range.stream().filter(v -> v != null).toList();
        if (real.size() >= n) {
            List<Double> evaluated = real.subList(real.size() - n, real.size());
            long breaching = evaluated.stream().filter(v -> comparison.breaches(v, threshold)).count();
            return decided(breaching >= m, breaching, n, m, evaluated, comparison, threshold);
        }
        long breachingReal = real.stream().filter(v -> comparison.breaches(v, threshold)).count();
        long fills = n - real.size();
        switch (missingData) {
            case breaching -> {
                return decided(breachingReal + fills >= m, breachingReal + fills, n, m, real, comparison, threshold);
            }
            case notBreaching -> {
                return decided(breachingReal >= m, breachingReal, n, m, real, comparison, threshold);
            }
            default -> {
                if (breachingReal >= m) {
                    return decided(true, breachingReal, n, m, real, comparison, threshold);
                }
                if (breachingReal < real.size()) { // a real non-breaching datapoint: fewer than M can breach
                    return decided(false, breachingReal, n, m, real, comparison, threshold);
                }
                if (missingData == MissingData.missing && oldestBreachingAge(range, comparison, threshold) >= m) {
                    return new Outcome(AlarmState.ALARM, "Threshold Crossed: the oldest of " + real.size()
                            + " datapoint(s) in the evaluation range is breaching and none is within the threshold ("
                            + threshold + ")");
                }
                if (missingData == MissingData.ignore) {
                    return new Outcome(current, "Missing data ignored: the state is kept");
                }
                return new Outcome(AlarmState.INSUFFICIENT_DATA, "Insufficient Data: " + real.size()
                        + " datapoint(s) in the evaluation range, fewer than " + n);
            }
        }
    }

    /** How many periods old (1 = the newest) the oldest breaching real datapoint of the range is; 0 if none. */
    private static int oldestBreachingAge(List<Double> range, Comparison comparison, double threshold) {
        for (int i = 0; i < range.size(); i++) {
            Double v = range.get(i);
            if (v != null && comparison.breaches(v, threshold)) {
                return range.size() - i;
            }
        }
        return 0;
    }

    private static Outcome decided(boolean alarm, long breaching, int n, int m, List<Double> evaluated,
            Comparison comparison, double threshold) {
        List<String> shown = new ArrayList<>();
        for (int i = evaluated.size() - 1; i >= 0; i--) {
            shown.add(String.valueOf(evaluated.get(i)));
        }
        String reason = "Threshold Crossed: " + breaching + " out of the last " + n + " datapoints " + shown + " "
                + (alarm ? "were" : "were not") + " " + comparison.symbol() + " the threshold (" + threshold
                + ") (minimum " + m + " datapoint(s) for ALARM).";
        return new Outcome(alarm ? AlarmState.ALARM : AlarmState.OK, reason);
    }
}
