package io.modelfn.core.prediction;

/**
 * An endpoint routes only to versions that may not take traffic (a version marked FAILED after its
 * artifact was refused): nothing can answer until an operator changes the endpoint (HTTP 503).
 */
public class NoServableVersionException extends RuntimeException {

    public NoServableVersionException(String message) {
        super(message);
    }
}
