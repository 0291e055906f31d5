package io.modelfn.core.backend;

/**
 * The backend could not be reached, failed, or answered with something we cannot read: HTTP 502,
 * or 503 when the backend says it is not ready yet (loading, scaling), which a caller may retry.
 */
public class BackendFailureException extends RuntimeException {

    private final int status;

    public BackendFailureException(String message) {
        this(502, message, null);
    }

    public BackendFailureException(String message, Throwable cause) {
        this(502, message, cause);
    }

    public BackendFailureException(int status, String message, Throwable cause) {
        super(message, cause);
        if (status != 502 && status != 503) {
            throw new IllegalArgumentException("a backend failure is 502 or 503, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
