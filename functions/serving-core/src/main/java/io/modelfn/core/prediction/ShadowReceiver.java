package io.modelfn.core.prediction;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.shadow.InvalidShadowEventException;
import io.modelfn.core.shadow.ShadowEvent;
import io.modelfn.core.shadow.ShadowEventJson;
import io.modelfn.core.shadow.ShadowMetrics;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The receiving side of a shadow event (an asynchronous invocation of the prediction function): reads
 * the event, takes the shadow version it names from the registry snapshot, and compares
 * ({@link ShadowComparison}). A snapshot older than the event's revision is re-read once first, so a
 * shadow version registered just before the copy was served is found.
 *
 * <p>Every event ends in exactly one of {@code ShadowCompared} or {@code ShadowFailed}: an unreadable
 * event or a version the registry no longer serves count as failed. Never throws for an event: a
 * failed comparison is a sample lost, not a reason for Lambda to retry it. Thread-safe.
 */
public class ShadowReceiver {

    private static final Logger LOG = Logger.getLogger(ShadowReceiver.class.getName());

    private final RegistrySnapshotCache snapshots;
    private final ShadowComparison comparison;
    private final Metrics metrics;

    public ShadowReceiver(RegistrySnapshotCache snapshots, ShadowComparison comparison, Metrics metrics) {
        this.snapshots = snapshots;
        this.comparison = comparison;
        this.metrics = metrics;
    }

    /** Compares the copy an event carries. */
    public ShadowComparison.Outcome receive(byte[] event) {
        ShadowEvent shadow;
        try {
            shadow = ShadowEventJson.decode(event);
        } catch (InvalidShadowEventException e) {
            ShadowMetrics.countUnreadable(metrics, MetricsContract.SHADOW_FAILED);
            LOG.warning("shadow event not read: " + e.getMessage());
            return ShadowComparison.Outcome.FAILED;
        }
        Optional<ModelVersion> version = version(snapshots.current(), shadow);
        if (version.isEmpty() && olderThan(snapshots.current(), shadow) && snapshots.refresh()) {
            version = version(snapshots.current(), shadow);
        }
        if (version.isEmpty()) {
            ShadowMetrics.count(metrics, shadow.endpoint(), shadow.shadow(), MetricsContract.SHADOW_FAILED);
            LOG.warning("shadow version " + shadow.shadow() + " of " + shadow.endpoint() + " is not in the registry");
            return ShadowComparison.Outcome.FAILED;
        }
        return comparison.compare(shadow.copyFor(version.get()));
    }

    private static Optional<ModelVersion> version(RegistrySnapshot snapshot, ShadowEvent event) {
        return snapshot.version(event.shadow());
    }

    private static boolean olderThan(RegistrySnapshot snapshot, ShadowEvent event) {
        long known = snapshot.endpoint(event.endpoint()).map(EndpointConfig::revision).orElse(-1L);
        return known < event.revision();
    }
}
