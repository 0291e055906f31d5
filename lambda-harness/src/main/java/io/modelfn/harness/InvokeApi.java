package io.modelfn.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) for the functions of this
 * harness, so that a function's own AWS SDK Lambda client (endpoint {@code AWS_ENDPOINT_URL_LAMBDA})
 * reaches the same pools the tests drive.
 *
 * <p>{@code X-Amz-Invocation-Type: Event} queues the payload as an event to the function's pool and answers
 * 202 at once; {@code RequestResponse} (the default) answers 200 with the function's response, with
 * {@code X-Amz-Function-Error: Unhandled} when it failed; {@code DryRun} answers 204. The function is named
 * by name, name:qualifier or ARN. Every asynchronous invocation is recorded, for tests to count.
 */
public final class InvokeApi implements AutoCloseable {

    private static final Pattern INVOCATIONS = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    /**
     * An asynchronous invocation as it arrived (the function named, the payload, when: {@link System#nanoTime()})
     * and what became of it.
     */
    public record Received(String functionName, byte[] payload, long arrivedNanos, CompletableFuture<Invocation> result) {
    }

    private final Map<String, EnvironmentPool> pools = new ConcurrentHashMap<>();
    private final List<Received> asynchronous = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "invoke-api");
        thread.setDaemon(true);
        return thread;
    });

    public InvokeApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/2015-03-31/functions/", this::serve);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: the value of {@code AWS_ENDPOINT_URL_LAMBDA}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Routes invocations of {@code functionName} to {@code pool}. */
    public void register(String functionName, EnvironmentPool pool) {
        pools.put(functionName, pool);
    }

    /** The asynchronous invocations received so far, oldest first. */
    public List<Received> asynchronousInvocations() {
        return List.copyOf(asynchronous);
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            Matcher m = INVOCATIONS.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                reply(exchange, 404, "{\"Type\":\"User\",\"message\":\"not an Invoke API path\"}");
                return;
            }
            String name = functionName(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
            EnvironmentPool pool = pools.get(name);
            if (pool == null) {
                exchange.getResponseHeaders().set("X-Amzn-ErrorType", "ResourceNotFoundException");
                reply(exchange, 404, "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}");
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if ("Event".equals(type)) {
                // As Lambda: the event is queued and 202 answered at once; handing it to an environment (a
                // SIGCONT, or starting one) happens after, off the caller's call.
                CompletableFuture<Invocation> result = CompletableFuture.supplyAsync(() -> pool.invoke(payload), threads)
                        .thenCompose(invocation -> invocation);
                asynchronous.add(new Received(name, payload, arrived, result));
                reply(exchange, 202, "");
            } else if ("DryRun".equals(type)) {
                reply(exchange, 204, "");
            } else {
                Invocation result = pool.invoke(payload).get();
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", "1");
                if (result.outcome() != Invocation.Outcome.RESPONSE) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                }
                reply(exchange, 200, result.payloadText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@code name}, {@code name:qualifier} or {@code arn:aws:lambda:region:account:function:name[:qualifier]}. */
    static String functionName(String named) {
        String name = named.startsWith("arn:") ? named.split(":")[6] : named;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
