package io.modelfn.core.backend;

/**
 * The backend refused the request with a 4xx status: the caller's mistake as the backend saw it,
 * passed through with the backend's status and message.
 */
public class BackendRejectedException extends RuntimeException {

    private final int status;

    public BackendRejectedException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a rejection is a 4xx status, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
