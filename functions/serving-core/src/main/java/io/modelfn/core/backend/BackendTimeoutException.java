package io.modelfn.core.backend;

/** The backend did not answer before the deadline (HTTP 504). */
public class BackendTimeoutException extends RuntimeException {

    public BackendTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
