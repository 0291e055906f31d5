package io.modelfn.api.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The stored failure of a completed admin call (e.g. a registration that failed validation),
 * answered again to a retry with the same idempotency key.
 */
public class ReplayedFailureException extends RuntimeException {

    private final int status;
    private final JsonNode details;

    public ReplayedFailureException(int status, String message, JsonNode details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public JsonNode details() {
        return details;
    }
}
