package io.modelfn.infra.monitoring;

import static io.modelfn.core.metrics.MetricsContract.BY_ENDPOINT;
import static io.modelfn.core.metrics.MetricsContract.BY_ENDPOINT_VARIANT;
import static io.modelfn.core.metrics.MetricsContract.NAMESPACE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The only place CloudWatch metrics of our namespace are built: names come from
 * {@code MetricsContract} (serving-core) as the functions emit them, and dimensions are always one
 * of its dimension sets, filled in order. Alarms and dashboards ask here; nothing else types a
 * metric or dimension name.
 */
public final class ContractMetrics {

    private ContractMetrics() {
    }

    /** {@code metricName} of one variant of an endpoint: dimension set {@code [Endpoint, Variant]}. */
    public static Metric byEndpointVariant(String metricName, String endpoint, String variant, String statistic,
            Duration period) {
        return metric(metricName, BY_ENDPOINT_VARIANT, List.of(endpoint, variant), statistic, period);
    }

    /** {@code metricName} of a whole endpoint: dimension set {@code [Endpoint]}. */
    public static Metric byEndpoint(String metricName, String endpoint, String statistic, Duration period) {
        return metric(metricName, BY_ENDPOINT, List.of(endpoint), statistic, period);
    }

    private static Metric metric(String metricName, List<String> dimensionSet, List<String> values, String statistic,
            Duration period) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 0; i < dimensionSet.size(); i++) {
            dimensions.put(dimensionSet.get(i), values.get(i));
        }
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(period)
                .build();
    }
}
