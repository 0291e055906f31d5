package io.modelfn.core.registry;

/** The registry cannot be read or written now (down, throttled, timing out), or our copy is too old to use. */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message) {
        super(message);
    }

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
