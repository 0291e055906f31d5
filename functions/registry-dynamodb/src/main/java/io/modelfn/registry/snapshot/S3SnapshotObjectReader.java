package io.modelfn.registry.snapshot;

import io.modelfn.core.registry.RegistryReader;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the registry's snapshot object as a {@link RegistrySnapshot}: the last-known-good copy an
 * environment serves from when it starts while the registry table is unavailable. The snapshot's
 * {@code readAt} is the object's {@code checkedAt}, so the staleness cap counts from when its writer
 * last found it current, not from when this environment fetched it.
 *
 * <p>Thread-safe.
 */
public final class S3SnapshotObjectReader implements RegistryReader {

    private static final Logger LOG = Logger.getLogger(S3SnapshotObjectReader.class.getName());

    private final S3SnapshotObject object;

    public S3SnapshotObjectReader(S3SnapshotObject object) {
        this.object = Objects.requireNonNull(object, "object");
    }

    /**
     * {@inheritDoc}
     *
     * @throws RegistryUnavailableException when there is no object, it cannot be read, or its format is
     *     not one this version reads
     */
    @Override
    public RegistrySnapshot read() {
        S3SnapshotObject.Stored stored = object.read().orElseThrow(() -> new RegistryUnavailableException(
                "there is no registry snapshot object at " + object.where()));
        if (stored.document() == null) {
            throw new RegistryUnavailableException("the registry snapshot object " + object.where()
                    + " cannot be used: " + stored.problem());
        }
        SnapshotDocument document = stored.document();
        LOG.log(Level.INFO, "read {0} from {1}", new Object[] {document, object.where()});
        return document.items().toSnapshot(document.checkedAt(), e -> LOG.log(Level.WARNING,
                "skipping a registry item of the snapshot object that cannot be read: {0}", e.getMessage()));
    }
}
