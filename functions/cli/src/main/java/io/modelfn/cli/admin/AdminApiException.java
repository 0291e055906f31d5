package io.modelfn.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The admin API answered with an HTTP error status. The message is the server's own
 * ({@code {"error": "..."}}), or a description of the answer when it carried none.
 */
public final class AdminApiException extends RuntimeException {

    private final AdminFunction function;
    private final int status;
    private final String retryKey;
    private final JsonNode body;

    AdminApiException(AdminFunction function, int status, String message, String retryKey, JsonNode body) {
        super(message);
        this.function = function;
        this.status = status;
        this.retryKey = retryKey;
        this.body = body;
    }

    public AdminFunction function() {
        return function;
    }

    public int status() {
        return status;
    }

    /** The error answer as JSON ({@code error} and the details some errors carry), when it was JSON. */
    public Optional<JsonNode> body() {
        return Optional.ofNullable(body);
    }

    /**
     * For a change that failed on the server's side (5xx): the Idempotency-Key that repeats it
     * safely, since it may or may not have been made.
     */
    public Optional<String> retryKey() {
        return Optional.ofNullable(retryKey);
    }
}
