package io.modelfn.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.control.InvalidAdminRequestException;

/** Reading fields of admin request bodies, with a clear 400 for what is missing or mistyped. */
final class AdminRequests {

    private AdminRequests() {
    }

    static JsonNode body(JsonNode request) {
        if (request == null || request.isNull() || request.isMissingNode()) {
            return io.modelfn.core.protocol.Json.MAPPER.createObjectNode();
        }
        if (!request.isObject()) {
            throw new InvalidAdminRequestException("the request body must be a JSON object");
        }
        return request;
    }

    static String text(JsonNode request, String field) {
        JsonNode value = body(request).get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidAdminRequestException("'" + field + "' is required (a string)");
        }
        return value.asText();
    }

    static String optionalText(JsonNode request, String field) {
        JsonNode value = body(request).get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidAdminRequestException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    static long revision(JsonNode request) {
        JsonNode value = body(request).get("revision");
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw new InvalidAdminRequestException("'revision' must be a non-negative integer");
        }
        return value.asLong();
    }

    static int integer(JsonNode node, String field, int fallback) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidAdminRequestException("'" + field + "' must be an integer");
        }
        return value.asInt();
    }

    static Double optionalNumber(JsonNode request, String field) {
        JsonNode value = body(request).get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() <= 0) {
            throw new InvalidAdminRequestException("'" + field + "' must be a positive number");
        }
        return value.asDouble();
    }

    static Boolean optionalBoolean(JsonNode request, String field) {
        JsonNode value = body(request).get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new InvalidAdminRequestException("'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }
}
