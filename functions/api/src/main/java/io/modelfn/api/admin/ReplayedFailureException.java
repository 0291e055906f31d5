package io.modelfn.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.http.DetailedFailure;

/**
 * The stored failure of a completed admin call (e.g. a registration that failed validation),
 * answered again to a retry with the same idempotency key. A failed validation always ends as one,
 * also on the first call, so that its details are written in one place.
 */
public class ReplayedFailureException extends RuntimeException implements DetailedFailure {

    private final int status;
    private final JsonNode details;

    public ReplayedFailureException(int status, String message, JsonNode details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public JsonNode details() {
        return details;
    }
}
