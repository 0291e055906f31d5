package io.modelfn.rollout;

import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.AlarmNames;
import io.modelfn.core.rollout.CanarySignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The canary's health as CloudWatch knows it: the {@code Requests} its variant served (the same
 * metric and dimensions the functions emit, from {@link MetricsContract}) and the endpoint's alarms
 * in ALARM (those named {@code <prefix><endpoint>-...}, see {@link AlarmNames}). Thread-safe.
 */
public final class CloudWatchCanarySignals implements CanarySignals {

    private final CloudWatchClient cloudWatch;
    private final String alarmPrefix;
    private final Duration period;

    public CloudWatchCanarySignals(CloudWatchClient cloudWatch, String alarmPrefix, Duration period) {
        this.cloudWatch = cloudWatch;
        this.alarmPrefix = alarmPrefix;
        this.period = period;
    }

    @Override
    public long canaryRequests(String endpoint, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        Metric metric = Metric.builder()
                .namespace(MetricsContract.NAMESPACE)
                .metricName(MetricsContract.REQUESTS)
                .dimensions(Dimension.builder().name(MetricsContract.ENDPOINT).value(endpoint).build(),
                        Dimension.builder().name(MetricsContract.VARIANT).value(Variant.CANARY).build())
                .build();
        var request = GetMetricDataRequest.builder()
                .startTime(from)
                .endTime(to)
                .metricDataQueries(MetricDataQuery.builder()
                        .id("requests")
                        .metricStat(MetricStat.builder().metric(metric).period((int) period.toSeconds()).stat("Sum").build())
                        .build())
                .build();
        double total = 0;
        for (var page : cloudWatch.getMetricDataPaginator(request)) {
            for (var result : page.metricDataResults()) {
                total += result.values().stream().mapToDouble(Double::doubleValue).sum();
            }
        }
        return Math.round(total);
    }

    @Override
    public List<String> alarmsFiring(String endpoint) {
        List<String> firing = new ArrayList<>();
        var request = DescribeAlarmsRequest.builder()
                .alarmNamePrefix(AlarmNames.endpointPrefix(alarmPrefix, endpoint))
                .stateValue(StateValue.ALARM)
                // Without the types, DescribeAlarms answers metric alarms only.
                .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                .build();
        for (var page : cloudWatch.describeAlarmsPaginator(request)) {
            // The prefix also finds the alarms of endpoints whose names extend this one's (iris-v2 for iris).
            page.metricAlarms().stream().map(a -> a.alarmName())
                    .filter(alarm -> AlarmNames.isOf(alarm, alarmPrefix, endpoint)).forEach(firing::add);
            page.compositeAlarms().stream().map(a -> a.alarmName())
                    .filter(alarm -> AlarmNames.isOf(alarm, alarmPrefix, endpoint)).forEach(firing::add);
        }
        return firing;
    }
}
