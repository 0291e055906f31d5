package io.modelfn.core.monitoring;

import io.modelfn.core.model.ModelKey;

/**
 * Port: per-version feedback counters, added to atomically, and a marker per prediction so the
 * same prediction's outcome is counted once. Thread-safe; store failures are
 * {@link io.modelfn.core.registry.RegistryUnavailableException}.
 */
public interface FeedbackStore {

    /** A classification outcome: the true and the predicted class. */
    record ClassOutcome(String actual, String predicted) {
    }

    /**
     * Counts one outcome for {@code version}, once per {@code predictionId}.
     *
     * @param outcome a {@link ClassOutcome}, or a Double absolute error for regressions
     * @return false when this prediction's outcome was already counted (nothing changed)
     */
    boolean record(ModelKey version, String predictionId, Object outcome);

    /** The counters of a version (strongly consistent). */
    FeedbackCounts read(ModelKey version);
}
