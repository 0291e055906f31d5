package io.modelfn.lambda.afterresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of Lambda's Extensions API ({@code http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension}) for one
 * internal extension: register for {@code INVOKE} events during init, then ask for the next event (a call
 * that returns when the next invocation starts; the environment is frozen meanwhile).
 *
 * <p>Not thread-safe: one thread registers and then asks for events.
 */
final class ExtensionsApiClient {

    /** What Lambda hands an extension when an invocation starts. */
    record Event(String type, String requestId, long deadlineMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;
    private final URI base;
    private String identifier;

    ExtensionsApiClient(String runtimeApi) {
        this.base = URI.create("http://" + runtimeApi + "/2020-01-01/extension/");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** Registers as {@code name} for {@code INVOKE} events; must happen before the runtime's first next. */
    void register(String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("register"))
                .header("Lambda-Extension-Name", name)
                .header("Content-Type", "application/json")
                .timeout(CONNECT_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the Extensions API refused the registration: " + response.statusCode() + " "
                    + response.body());
        }
        identifier = response.headers().firstValue("Lambda-Extension-Identifier")
                .orElseThrow(() -> new IOException("the Extensions API gave no Lambda-Extension-Identifier"));
    }

    /** Says this extension is done with the current invocation, and waits for the next one. */
    Event next() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("event/next"))
                .header("Lambda-Extension-Identifier", identifier)
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the Extensions API answered " + response.statusCode() + " to next");
        }
        JsonNode event = JSON.readTree(response.body());
        return new Event(event.path("eventType").asText(), event.path("requestId").asText(),
                event.path("deadlineMs").asLong());
    }
}
