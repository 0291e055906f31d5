package io.modelfn.container;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The SageMaker runtime's {@code InvokeEndpoint} ({@code POST /endpoints/<name>/invocations}) in front
 * of one container, as SageMaker relays it: content type, accept and custom attributes passed to the
 * container's {@code /invocations}; a container error becomes a 424 {@code ModelError} carrying the
 * container's status and body.
 */
final class SageMakerRuntimeStub implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String container;

    SageMakerRuntimeStub(String containerUrl) throws IOException {
        this.container = containerUrl;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/endpoints/", this::invoke);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void invoke(HttpExchange exchange) throws IOException {
        byte[] body;
        try (var in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(container + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : List.of("Content-Type", "Accept", "X-Amzn-SageMaker-Custom-Attributes")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] reply = answer.body();
        int status = 200;
        if (answer.statusCode() != 200) {
            status = 424;
            reply = ("{\"OriginalStatusCode\":" + answer.statusCode() + ",\"OriginalMessage\":"
                    + io.modelfn.core.protocol.Json.MAPPER.writeValueAsString(new String(answer.body(), StandardCharsets.UTF_8))
                    + ",\"message\":\"Received client error from primary\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ModelError");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, reply.length);
        try (var out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
