package io.modelfn.rollout;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.RegistrySource;
import io.modelfn.core.registry.write.RegistrySnapshotPublisher;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The periodic repair of the registry's snapshot object, run with every scheduled rollout step (each
 * minute): rewrites the object from a fresh read, so a publication that failed after a change, or one
 * that read the index before it showed the change, is mended within a minute, and the object's
 * {@code checkedAt} stays fresh while nothing changes. A failure is logged and counted, never thrown:
 * the rollout steps of the same run matter more.
 */
public final class SnapshotRepair {

    private static final Logger LOG = Logger.getLogger(SnapshotRepair.class);

    private final Optional<RegistrySnapshotPublisher> publisher;
    private final Metrics metrics;

    SnapshotRepair(Optional<RegistrySnapshotPublisher> publisher, Metrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Returns whether the object was rewritten (or found newer); false when it failed or none is configured. */
    public boolean run() {
        if (publisher.isEmpty()) {
            return false;
        }
        try {
            publisher.get().publish();
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("the registry snapshot object could not be repaired (next run in a minute): %s", e.toString());
            metrics.recordRegistry(RegistrySource.SNAPSHOT_OBJECT.dimension(),
                    MetricsContract.REGISTRY_SNAPSHOT_WRITE_FAILURES, 1, MetricsContract.COUNT);
            return false;
        }
    }
}
