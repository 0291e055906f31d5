package io.modelfn.api.backend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Remote backends for tests, on one local port:
 * <ul>
 *   <li>{@code /gpu/...}: an HTTP backend; in {@code relay} mode it passes the request (with its W3C
 *       trace headers) to the application under test itself (which then runs the pinned version as a
 *       backend would),
 *       otherwise it answers as {@link #mode} says;</li>
 *   <li>{@code /endpoints/<name>/invocations}: the SageMaker runtime's InvokeEndpoint, relayed to the
 *       application's {@code /invocations} as SageMaker relays to a container, with a container's error
 *       status turned into SageMaker's {@code ModelError} (424).</li>
 * </ul>
 * Every request seen is recorded with its headers.
 */
public class StubBackends implements QuarkusTestResourceLifecycleManager {

    /** What the HTTP backend does: relay, status:&lt;code&gt;:&lt;body&gt;, garbage, sleep:&lt;ms&gt;. */
    static volatile String mode = "relay";
    /** Where the application under test listens (set by the test before a relay). */
    static volatile int appPort;
    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    private static volatile int port;
    private HttpServer server;
    private final HttpClient relay = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One request the stub received. */
    record Seen(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static int port() {
        return port;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/gpu/", this::httpBackend);
            server.createContext("/endpoints/", this::sageMaker);
            server.start();
            port = server.getAddress().getPort();
            return Map.of(
                    "modelfn.aws.sagemaker-runtime-endpoint", "http://127.0.0.1:" + port,
                    "modelfn.backend.timeout", "1500ms");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void httpBackend(HttpExchange exchange) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        SEEN.add(new Seen(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
        String current = mode;
        if (current.equals("relay")) {
            String path = exchange.getRequestURI().getPath().substring("/gpu".length());
            Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
            for (String name : List.of("traceparent", "tracestate")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            HttpResponse<byte[]> answer = post(path, body, headers);
            reply(exchange, answer.statusCode(), answer.body(), Map.of());
        } else if (current.startsWith("status:")) {
            String[] parts = current.split(":", 3);
            reply(exchange, Integer.parseInt(parts[1]), parts[2].getBytes(StandardCharsets.UTF_8), Map.of());
        } else if (current.equals("garbage")) {
            reply(exchange, 200, "<html>gateway</html>".getBytes(StandardCharsets.UTF_8), Map.of());
        } else if (current.startsWith("sleep:")) {
            try {
                Thread.sleep(Long.parseLong(current.substring("sleep:".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private void sageMaker(HttpExchange exchange) throws IOException {
        byte[] body = read(exchange.getRequestBody());
        SEEN.add(new Seen(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
        Map<String, String> headers = new java.util.HashMap<>();
        for (String name : List.of("Content-Type", "Accept", "X-Amzn-SageMaker-Custom-Attributes")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        HttpResponse<byte[]> answer = post("/invocations", body, headers);
        if (answer.statusCode() == 200) {
            reply(exchange, 200, answer.body(), Map.of("Content-Type", "application/json"));
            return;
        }
        String original = new String(answer.body(), StandardCharsets.UTF_8);
        String error = "{\"OriginalStatusCode\":" + answer.statusCode() + ",\"OriginalMessage\":"
                + io.modelfn.core.protocol.Json.MAPPER.writeValueAsString(original)
                + ",\"message\":\"Received client error (" + answer.statusCode() + ") from primary\"}";
        reply(exchange, 424, error.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", "ModelError"));
    }

    private HttpResponse<byte[]> post(String path, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return relay.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (!headers.containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException closedByClient) {
            // the client gave up (timeout tests)
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
