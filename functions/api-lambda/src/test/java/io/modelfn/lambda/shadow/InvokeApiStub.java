package io.modelfn.lambda.shadow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Lambda's Invoke API for asynchronous events, as much of it as a sender sees: {@code POST
 * /2015-03-31/functions/{name}/invocations}, answered 202 at once, the event then handed to a
 * separate worker (the other invocation), as Lambda's queue does. Records what it was sent.
 */
final class InvokeApiStub implements AutoCloseable {

    /** One call as received. */
    record Call(String path, String query, String invocationType, int bytes) {
    }

    private final HttpServer server;
    private final ExecutorService invocations = Executors.newSingleThreadExecutor();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    InvokeApiStub(Consumer<byte[]> function) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2015-03-31/functions/", exchange -> accept(exchange, function));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    private void accept(HttpExchange exchange, Consumer<byte[]> function) throws IOException {
        byte[] event = exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        calls.add(new Call(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(), type,
                event.length));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
        if ("Event".equals(type)) {
            invocations.execute(() -> function.accept(event));
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls so far. */
    void forgetCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        invocations.shutdownNow();
    }
}
