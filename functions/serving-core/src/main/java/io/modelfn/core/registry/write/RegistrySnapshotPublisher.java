package io.modelfn.core.registry.write;

/**
 * Port: writes the last-known-good copy of the whole registry (what the serving path needs) where an
 * environment that starts while the registry table is unavailable can read it.
 *
 * <p>A publication never goes backwards: a copy of an older registry revision never replaces a copy
 * of a newer one, whatever the order in which concurrent writers get there.
 *
 * <p>Implementations are thread-safe. A failure is thrown (any {@link RuntimeException}); the registry
 * change that triggered the publication is committed regardless, and the next publication (the next
 * change, or the periodic repair) writes the copy again.
 */
public interface RegistrySnapshotPublisher {

    /** Reads the registry now and writes its copy, unless a copy of a newer revision is already there. */
    void publish();
}
