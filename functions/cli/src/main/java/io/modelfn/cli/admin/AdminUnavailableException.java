package io.modelfn.cli.admin;

import java.util.Optional;

/** The admin API could not be reached, or gave no usable answer: connection failure, timeout, not JSON. */
public final class AdminUnavailableException extends RuntimeException {

    private final String retryKey;

    public AdminUnavailableException(String message, String retryKey, Throwable cause) {
        super(message, cause);
        this.retryKey = retryKey;
    }

    /** For a change: the Idempotency-Key that repeats it safely, since it may or may not have been made. */
    public Optional<String> retryKey() {
        return Optional.ofNullable(retryKey);
    }
}
