package io.modelfn.core.shadow;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.Variant;

/**
 * The shadow counters ({@code ShadowRequests}, {@code ShadowSkipped}, {@code ShadowCompared},
 * {@code ShadowFailed}), each one record of 1 under variant {@code shadow} and the shadow version's
 * model and version, so that every dispatch and every comparison counts the same way.
 */
public final class ShadowMetrics {

    private ShadowMetrics() {
    }

    /** Counts one copy under {@code metric}. */
    public static void count(Metrics metrics, ShadowCopy copy, String metric) {
        count(metrics, copy.endpoint(), copy.shadow().key(), metric);
    }

    /** Counts one copy of {@code endpoint} for the shadow version {@code shadow} under {@code metric}. */
    public static void count(Metrics metrics, String endpoint, ModelKey shadow, String metric) {
        metrics.recordEvent(endpoint, Variant.SHADOW, shadow.name(), shadow.version(), metric, 1,
                MetricsContract.COUNT);
    }

    /** Counts one event that could not be read as a copy at all (no endpoint or version to name). */
    public static void countUnreadable(Metrics metrics, String metric) {
        metrics.recordEvent(MetricsContract.UNKNOWN, Variant.SHADOW, MetricsContract.UNKNOWN, MetricsContract.UNKNOWN,
                metric, 1, MetricsContract.COUNT);
    }
}
