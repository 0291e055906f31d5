package io.modelfn.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * The registry's change counter: it grows by one with every committed registry change (in the same
 * transaction as the change, so it cannot disagree with it).
 *
 * @param number 0 for a registry that was never changed through the registry's write side
 * @param changedAt when the last change was committed, by the writer's clock ({@link Instant#EPOCH} for 0)
 */
public record RegistryRevision(long number, Instant changedAt) {

    public static final RegistryRevision NONE = new RegistryRevision(0, Instant.EPOCH);

    public RegistryRevision {
        if (number < 0) {
            throw new IllegalArgumentException("a registry revision is 0 or more, not " + number);
        }
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
