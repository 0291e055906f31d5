package io.modelfn.registry.snapshot;

import io.modelfn.core.registry.RegistryChangeMarker;
import io.modelfn.core.registry.RegistryRevision;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.registry.write.RegistrySnapshotPublisher;
import io.modelfn.registry.dynamodb.DynamoDbRegistryReader;
import io.modelfn.registry.dynamodb.RegistryItemSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes the registry's snapshot object: reads the change marker strongly consistent, then the
 * items the serving path reads, and writes them tagged with that revision, conditional on the object
 * it replaces ({@link S3SnapshotObject}).
 *
 * <p><b>Never backwards.</b> The marker is read before the items, so the copy holds at least that
 * revision's changes. An object of a newer revision is left alone ({@link SnapshotDocument#mayReplace});
 * when another writer replaces the object between our read and our write, the conditional write fails
 * and we read again and decide again, up to {@value #MAX_ATTEMPTS} times.
 *
 * <p><b>Index lag.</b> The items come from the table's eventually consistent index, which may miss a
 * change committed in the last second. Such a copy is written unsettled ({@link SnapshotDocument#settled});
 * the periodic repair (the rollout function's scheduled run calls {@link #publish()} every minute)
 * rewrites it from a settled read, and keeps {@code checkedAt} fresh while nothing changes, so the
 * copy's age at an environment that starts during an outage is at most about a minute plus the outage.
 *
 * <p>Thread-safe.
 */
public final class S3RegistrySnapshotPublisher implements RegistrySnapshotPublisher {

    static final int MAX_ATTEMPTS = 5;

    private static final Logger LOG = Logger.getLogger(S3RegistrySnapshotPublisher.class.getName());

    private final RegistryChangeMarker consistentMarker;
    private final DynamoDbRegistryReader reader;
    private final S3SnapshotObject object;
    private final Clock clock;
    private final Duration settle;

    /**
     * @param consistentMarker the change marker, read strongly consistent
     * @param settle how long after a change the index is trusted to show it
     */
    public S3RegistrySnapshotPublisher(RegistryChangeMarker consistentMarker, DynamoDbRegistryReader reader,
            S3SnapshotObject object, Clock clock, Duration settle) {
        this.consistentMarker = Objects.requireNonNull(consistentMarker, "consistentMarker");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.object = Objects.requireNonNull(object, "object");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    /**
     * {@inheritDoc}
     *
     * @throws RegistryUnavailableException when the table or the bucket cannot be read or written, or
     *     other writers kept replacing the object
     */
    @Override
    public void publish() {
        Instant checkedAt = clock.instant();
        RegistryRevision revision = consistentMarker.current();
        RegistryItemSet items = reader.readItems();
        SnapshotDocument mine = new SnapshotDocument(SnapshotDocument.SCHEMA_VERSION, revision.number(),
                revision.changedAt(), checkedAt, items);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<S3SnapshotObject.Stored> there = object.read();
            if (there.isPresent() && there.get().document() != null
                    && !mine.mayReplace(there.get().document(), settle)) {
                LOG.log(Level.FINE, "{0} is newer than revision {1}; left alone",
                        new Object[] {there.get().document(), revision.number()});
                return;
            }
            if (there.isPresent() && there.get().document() == null) {
                LOG.log(Level.WARNING, "replacing the unreadable registry snapshot object {0}: {1}",
                        new Object[] {object.where(), there.get().problem()});
            }
            if (object.write(mine, there.map(S3SnapshotObject.Stored::eTag).orElse(null))) {
                return;
            }
        }
        throw new RegistryUnavailableException("the registry snapshot object " + object.where() + " was replaced by "
                + "other writers " + MAX_ATTEMPTS + " times while revision " + revision.number() + " was written");
    }
}
