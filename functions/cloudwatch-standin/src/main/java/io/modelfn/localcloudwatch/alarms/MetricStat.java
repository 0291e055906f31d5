package io.modelfn.localcloudwatch.alarms;

import io.modelfn.localcloudwatch.metrics.MetricKey;
import io.modelfn.localcloudwatch.metrics.Statistic;

/** One metric, its period in seconds and its statistic: a {@code MetricStat}, or the single metric of a classic alarm. */
public record MetricStat(MetricKey metric, int periodSeconds, Statistic stat) {
}
