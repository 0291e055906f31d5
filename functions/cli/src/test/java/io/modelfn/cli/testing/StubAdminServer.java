package io.modelfn.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An admin API on a free loopback port, in the test's own JVM: answers each path with canned JSON
 * and records every request (method, path, headers, body) for the test to check. Unknown paths
 * answer 404 {@code {"error": "no stub for <path>"}}.
 */
public final class StubAdminServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private StubAdminServer(HttpServer server) {
        this.server = server;
    }

    public static StubAdminServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StubAdminServer stub = new StubAdminServer(server);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code POST /admin/<function>} with 200 and this JSON. */
    public StubAdminServer answer(String function, String json) {
        return answer(function, 200, json);
    }

    /** Answers {@code /admin/<function>} with this status and body. */
    public StubAdminServer answer(String function, int status, String body) {
        return answerPath("/admin/" + function, status, body);
    }

    /** Answers any method on an exact path (an upload URL, say). */
    public StubAdminServer answerPath(String path, int status, String body) {
        answers.put(path, new Answer(status, body));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The only request received; fails when there were none or several. */
    public RecordedRequest onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.stream().map(RecordedRequest::path).toList());
        }
        return requests.getFirst();
    }

    public List<String> paths() {
        return requests.stream().map(RecordedRequest::path).toList();
    }

    /** A recorded request's body, parsed. */
    public static JsonNode json(RecordedRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new RecordedRequest(exchange.getRequestMethod(), path, headers, body));
            Answer answer = answers.getOrDefault(path, new Answer(404, "{\"error\": \"no stub for " + path + "\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
