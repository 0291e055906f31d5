package io.modelfn.api.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed corpus of malformed and hostile requests ({@code samples/bad-requests/corpus.jsonl},
 * written by {@code generate_corpus.py}): one case per line, with the exact 4xx it must get.
 */
final class BadRequestCorpus {

    /** Restricted by the JDK's HTTP client (it sets them itself). */
    private static final List<String> CLIENT_MANAGED_HEADERS = List.of("content-length", "host", "connection");

    /**
     * One case.
     *
     * @param body the bytes to send (made at run time for generated bodies), or null for none
     */
    record Case(String id, String protocol, String method, String path, Map<String, String> headers, byte[] body,
            boolean chunked, int expectStatus, String why) {

        HttpRequest request(URI base) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, value) -> {
                if (!CLIENT_MANAGED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    builder.header(name, value);
                }
            });
            return builder.build();
        }

        @Override
        public String toString() {
            return id + " (" + why + ")";
        }
    }

    private BadRequestCorpus() {
    }

    static Path file() {
        return SampleModels.root().getParent().resolve("samples").resolve("bad-requests").resolve("corpus.jsonl");
    }

    static List<Case> load() {
        List<Case> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    cases.add(parse(TensorJson.parse(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Case parse(JsonNode c) {
        Map<String, String> headers = new LinkedHashMap<>();
        c.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new Case(c.get("id").asText(), c.get("protocol").asText(), c.get("method").asText(), c.get("path").asText(),
                headers, body(c), c.path("chunked").asBoolean(false), c.get("expectStatus").asInt(), c.get("why").asText());
    }

    private static byte[] body(JsonNode c) {
        if (c.hasNonNull("body")) {
            return c.get("body").asText().getBytes(StandardCharsets.UTF_8);
        }
        if (c.hasNonNull("bodyBase64")) {
            return Base64.getDecoder().decode(c.get("bodyBase64").asText());
        }
        if (c.hasNonNull("generatedBodyOfSize")) {
            byte[] body = new byte[c.get("generatedBodyOfSize").asInt()];
            Arrays.fill(body, (byte) '1');
            return body;
        }
        if (c.hasNonNull("generated")) {
            JsonNode g = c.get("generated");
            return (g.path("prefix").asText() + g.path("repeat").asText().repeat(g.path("times").asInt())
                    + g.path("suffix").asText()).getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }
}
