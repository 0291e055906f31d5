package io.modelfn.core.alarms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One metric an alarm reads: namespace, name, dimensions (in the order of their dimension set),
 * statistic and period.
 *
 * @param id the metric's id in the alarm's math expression (lower case, starts with a letter); unused
 *     by an alarm on this metric alone
 * @param statistic {@code Sum}, {@code Average}, {@code Minimum}, {@code Maximum}, {@code SampleCount}
 *     or a percentile such as {@code p99} (an extended statistic to CloudWatch)
 */
public record AlarmMetric(String id, String namespace, String metricName, Map<String, String> dimensions,
        String statistic, int periodSeconds) {

    public AlarmMetric {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(statistic, "statistic");
        dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        if (periodSeconds < 10 || (periodSeconds >= 60 && periodSeconds % 60 != 0)) {
            throw new IllegalArgumentException("a metric period is 10, 20 or 30 s, or a multiple of 60 s: " + periodSeconds);
        }
        if (!id.matches("[a-z][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("a metric id starts with a lower-case letter: " + id);
        }
    }

    /** Whether the statistic is a percentile ({@code p99}), which CloudWatch calls an extended statistic. */
    public boolean isPercentile() {
        return statistic.matches("p\\d+(\\.\\d+)?");
    }
}
