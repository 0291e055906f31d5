package io.modelfn.localcloudwatch.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One CloudWatch metric: namespace, name and the exact set of dimension values. CloudWatch treats each
 * combination of dimensions as a metric of its own, so an alarm on {@code [Endpoint, Variant]} sees only
 * records published with exactly that dimension set.
 */
public record MetricKey(String namespace, String name, Map<String, String> dimensions) {

    public MetricKey {
        dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
    }
}
