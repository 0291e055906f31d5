package io.modelfn.core.metrics;

/**
 * Port: where metrics records go. Implementations are thread-safe and never throw: losing a
 * metric must not fail a request.
 */
public interface Metrics {

    void record(RequestMetrics request);

    /** Emits one custom record (shadow disagreement, feedback) with the contract's dimension sets. */
    void recordEvent(String endpoint, String variant, String model, String version, String metric, double value,
            String unit);

    /**
     * Emits how many of a request's input rows fell into each bin of one feature's training profile
     * ({@code counts[i]} rows in bin i; dimension set [Model, Version, Feature, Bin], bins with no row
     * left out). Part of the request's records: written before the request returns.
     */
    default void recordFeatureBins(String model, String version, String feature, long[] counts) {
    }

    /** Emits the drift of one input feature of one model version (dimension set [Model, Version, Feature]). */
    default void recordFeatureDrift(String model, String version, String feature, double psi) {
    }

    /**
     * Emits one record about the registry snapshot (dimension set [{@value MetricsContract#REGISTRY_SOURCE}]).
     *
     * @param source where the snapshot came from, e.g. {@code snapshot-object}
     */
    default void recordRegistry(String source, String metric, double value, String unit) {
    }

    /**
     * Writes out whatever this sink still holds, before returning. A sink that writes every record as it
     * is given holds nothing and does nothing here. Called once per interval by a flusher, once per
     * invocation by the Lambda handler before its answer is posted, and at shutdown. Never throws.
     */
    default void flush() {
    }

    Metrics NONE = new Metrics() {
        @Override
        public void record(RequestMetrics request) {
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
        }
    };
}
