package io.modelfn.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/** A function's answer to an API Gateway HTTP API (payload v2) event: status, headers and body. */
record ApiGatewayResponse(int statusCode, JsonNode headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ApiGatewayResponse of(Invocation invocation) {
        try {
            JsonNode response = JSON.readTree(invocation.payload());
            String body = response.path("body").asText("");
            if (response.path("isBase64Encoded").asBoolean(false)) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            return new ApiGatewayResponse(response.path("statusCode").asInt(), response.path("headers"), body);
        } catch (IOException e) {
            throw new UncheckedIOException("not an API Gateway response: " + invocation.payloadText(), e);
        }
    }

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    String header(String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        return null;
    }
}
