package io.modelfn.core.registry;

/**
 * Port: the one small read that tells whether the registry changed, so that an unchanged registry
 * costs one small read per refresh instead of a read of everything.
 *
 * <p>Implementations are thread-safe. A failure is thrown as {@link RegistryUnavailableException}.
 */
public interface RegistryChangeMarker {

    /**
     * The registry's current revision; {@link RegistryRevision#NONE} when it was never changed. May lag
     * a change just committed by about a second (an eventually consistent read).
     *
     * @throws RegistryUnavailableException when the marker cannot be read now
     */
    RegistryRevision current();
}
