package io.modelfn.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Calls the admin API: {@code POST <base>/admin/<function>} with a JSON body, JSON back. Changes
 * carry an {@code Idempotency-Key} (see {@link AdminFunction}); errors become typed exceptions
 * carrying the server's {@code {"error": "..."}} message. One instance serves one CLI invocation.
 */
public final class AdminClient {

    static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_QUOTED_BODY = 200;

    private final HttpClient http;
    private final URI baseUrl;
    private final RequestAuthenticator authenticator;
    private final String commandKey;
    private final ObjectMapper mapper;

    /**
     * @param baseUrl    the HTTP application's base URL; a path (an API Gateway stage) is kept
     * @param commandKey the Idempotency-Key of this invocation's change
     */
    public AdminClient(HttpClient http, URI baseUrl, RequestAuthenticator authenticator, String commandKey,
            ObjectMapper mapper) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.authenticator = authenticator;
        this.commandKey = commandKey;
        this.mapper = mapper;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Calls one function and returns its JSON answer (an empty object when the answer had no body).
     *
     * @throws AdminApiException              when the server answers 4xx or 5xx
     * @throws AdminUnavailableException      when there is no answer, or one that is not JSON
     * @throws CredentialsUnavailableException when SigV4 signing finds no AWS credentials
     */
    public JsonNode call(AdminFunction function, ObjectNode body) {
        URI uri = functionUri(function);
        byte[] bytes = toBytes(body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        String key = switch (function.keyPolicy()) {
            case NONE -> null;
            case COMMAND_KEY -> commandKey;
            case OWN_KEY -> UUID.randomUUID().toString();
        };
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        headers.putAll(authenticator.headersFor("POST", uri, Map.copyOf(headers), bytes));

        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        String retryKey = function.keyPolicy() == AdminFunction.KeyPolicy.COMMAND_KEY ? key : null;
        HttpResponse<String> response = send(request.build(), retryKey);

        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parseAnswer(uri, response.body(), retryKey);
        }
        throw new AdminApiException(function, status, errorMessage(status, response.body()),
                status >= 500 ? retryKey : null, jsonOrNull(response.body()));
    }

    URI functionUri(AdminFunction function) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/admin/" + function.path());
    }

    private byte[] toBytes(ObjectNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body that cannot be written as JSON", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request, String retryKey) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new AdminUnavailableException("no answer from " + baseUrl + " within " + CALL_TIMEOUT.toSeconds()
                    + " s", retryKey, e);
        } catch (ConnectException e) {
            throw new AdminUnavailableException("cannot connect to " + baseUrl + describe(e), retryKey, e);
        } catch (IOException e) {
            throw new AdminUnavailableException("call to " + baseUrl + " failed" + describe(e), retryKey, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminUnavailableException("interrupted while calling " + baseUrl, retryKey, e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
    }

    private JsonNode parseAnswer(URI uri, String body, String retryKey) {
        if (body == null || body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AdminUnavailableException("the answer from " + uri + " is not JSON: " + quote(body), retryKey, e);
        }
    }

    /** The server's {@code error}, or API Gateway's {@code message}, or the status and the start of the body. */
    private JsonNode jsonOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = mapper.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String errorMessage(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode json = mapper.readTree(body);
                for (String field : new String[] {"error", "message"}) {
                    JsonNode message = json.path(field);
                    if (message.isTextual() && !message.asText().isBlank()) {
                        return message.asText();
                    }
                }
            } catch (JsonProcessingException e) {
                // Not JSON (a proxy's HTML page, say): quoted below.
            }
            return "HTTP " + status + ": " + quote(body);
        }
        return "HTTP " + status;
    }

    static String quote(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_QUOTED_BODY ? flat : flat.substring(0, MAX_QUOTED_BODY) + "...";
    }
}
