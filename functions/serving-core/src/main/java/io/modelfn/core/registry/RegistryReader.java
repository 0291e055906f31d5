package io.modelfn.core.registry;

/**
 * Port: reads what the serving path needs from the registry in one go.
 *
 * <p>Implementations are thread-safe. A failure (the store is down, throttled or times out) is
 * thrown as {@link RegistryUnavailableException}; callers keep their last good snapshot.
 */
public interface RegistryReader {

    /**
     * Reads every endpoint, every version that is referenced by an endpoint or can take traffic,
     * and every alias.
     *
     * @throws RegistryUnavailableException when the registry cannot be read now
     */
    RegistrySnapshot read();
}
