package io.modelfn.core.inference;

/**
 * The inference runtime cannot run in this process (its native libraries are missing or do not load),
 * so no model can ever be served here: a process that sees this at start-up should not take traffic.
 */
public class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
