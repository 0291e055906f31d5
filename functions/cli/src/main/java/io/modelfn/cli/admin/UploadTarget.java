package io.modelfn.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where to send an artifact, as {@code uploads/prepare} answered: a pre-signed (or tokened) URL,
 * the method and headers to use with it, and the {@code location} to register afterwards.
 */
public record UploadTarget(URI url, String method, Map<String, String> headers, String location) {

    public UploadTarget {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads the answer of {@code uploads/prepare}; a relative {@code url} is resolved against the
     * admin API's base URL.
     *
     * @throws AdminUnavailableException when the answer lacks {@code url} or {@code location}
     */
    public static UploadTarget fromPrepareAnswer(JsonNode answer, URI baseUrl) {
        String url = answer.path("url").asText("");
        String location = answer.path("location").asText("");
        if (url.isBlank() || location.isBlank()) {
            throw new AdminUnavailableException("uploads/prepare answered without a url or location: " + answer, null,
                    null);
        }
        String method = answer.path("method").asText("PUT").toUpperCase(Locale.ROOT);
        Map<String, String> headers = new LinkedHashMap<>();
        answer.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        return new UploadTarget(baseUrl.resolve(url), method.isBlank() ? "PUT" : method, headers, location);
    }
}
