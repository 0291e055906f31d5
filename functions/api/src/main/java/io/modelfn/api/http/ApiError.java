package io.modelfn.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.protocol.Json;

/**
 * An HTTP status and what a client may see: the message, and for some errors details (e.g. the
 * validation report of a refused version).
 */
public record ApiError(int status, String message, JsonNode details) {

    public ApiError(int status, String message) {
        this(status, message, null);
    }

    /** {@code {"error": "..."}} plus the details' fields. */
    public byte[] body() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("error", message == null ? "error" : message);
        if (details != null && details.isObject()) {
            details.fields().forEachRemaining(e -> body.set(e.getKey(), e.getValue()));
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
