package io.modelfn.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Secrets Manager's {@code GetSecretValue} (AWS JSON 1.1) for the function's secrets, as the CDK app
 * makes them: the prediction token keys, {@code {"current":"k1","k1":"<64 letters and digits>"}},
 * generated once per harness run (one secret, shared by every environment, as in AWS). Every request
 * is recorded, for tests to count.
 */
public final class SecretsManagerStandIn implements AutoCloseable {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final HttpServer server;
    private final String secretString;
    private final List<String> secretIds = new CopyOnWriteArrayList<>();

    public SecretsManagerStandIn() {
        SecureRandom random = new SecureRandom();
        String key = random.ints(64, 0, ALPHABET.length()).mapToObj(i -> String.valueOf(ALPHABET.charAt(i)))
                .collect(Collectors.joining());
        this.secretString = "{\"current\":\"k1\",\"k1\":\"" + key + "\"}";
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: the Secrets Manager endpoint the function is given. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The secret ids asked for so far. */
    public List<String> requests() {
        return List.copyOf(secretIds);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
                reply(exchange, 400, "{\"__type\":\"InvalidRequestException\",\"message\":\"only GetSecretValue is served\"}");
                return;
            }
            String id = body.replaceAll("(?s).*\"SecretId\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            secretIds.add(id);
            reply(exchange, 200, "{\"ARN\":" + quote(id) + ",\"Name\":" + quote(id)
                    + ",\"VersionId\":\"harness-1\",\"SecretString\":" + quote(secretString)
                    + ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}");
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
