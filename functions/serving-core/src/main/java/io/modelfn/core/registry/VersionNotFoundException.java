package io.modelfn.core.registry;

/** The requested version is not registered, or is not in a state that may take traffic. */
public class VersionNotFoundException extends RuntimeException {

    public VersionNotFoundException(String message) {
        super(message);
    }
}
