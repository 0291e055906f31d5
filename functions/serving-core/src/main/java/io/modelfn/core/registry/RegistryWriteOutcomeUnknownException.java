package io.modelfn.core.registry;

/**
 * A registry write whose outcome we cannot know: the request reached the registry, but no answer came
 * back (a timeout, a dropped connection, a server error), so the change may or may not have been
 * applied. Callers must read before they change the same thing again.
 */
public class RegistryWriteOutcomeUnknownException extends RegistryUnavailableException {

    public RegistryWriteOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
