package io.modelfn.lambda.afterresponse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The after-response extension against a stand-in for Lambda's Extensions API that records what the
 * extension asked, in order: work handed over during an invocation runs only after the handler returned,
 * and before the extension asks for the next event (which is what lets Lambda freeze the environment).
 */
class AfterResponseTest {

    private HttpServer server;
    private final BlockingQueue<String> invokes = new LinkedBlockingQueue<>();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private volatile int registerStatus = 200;
    private volatile String registeredName;

    @BeforeEach
    void extensionsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "extensions-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/2020-01-01/extension/register", exchange -> {
            registeredName = exchange.getRequestHeaders().getFirst("Lambda-Extension-Name");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            journal.add("register " + body);
            exchange.getResponseHeaders().set("Lambda-Extension-Identifier", "ext-1");
            reply(exchange, registerStatus, "{}");
        });
        server.createContext("/2020-01-01/extension/event/next", exchange -> {
            journal.add("next " + exchange.getRequestHeaders().getFirst("Lambda-Extension-Identifier"));
            try {
                String requestId = invokes.take();
                reply(exchange, 200, "{\"eventType\":\"INVOKE\",\"requestId\":\"" + requestId + "\",\"deadlineMs\":"
                        + (System.currentTimeMillis() + 30_000) + "}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private final List<AfterResponse> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(0);
        for (AfterResponse afterResponse : started) {
            afterResponse.stop();
        }
    }

    private AfterResponse start(Map<String, String> environment) {
        AfterResponse afterResponse = AfterResponse.start(environment);
        started.add(afterResponse);
        return afterResponse;
    }

    @Test
    void work_handed_over_during_an_invocation_should_run_after_the_handler_returned_and_before_the_next_event()
            throws Exception {
        // GIVEN the extension registered and waiting, and an invocation under way
        AfterResponse afterResponse = start(Map.of("AWS_LAMBDA_RUNTIME_API", address()));
        afterResponse.afterWork(() -> journal.add("after work"));
        assertThat(afterResponse.holdsWork()).isTrue();
        assertThat(registeredName).isEqualTo(AfterResponse.EXTENSION_NAME);
        awaitJournal("next ext-1", 1);
        afterResponse.invocationStarted("req-1");
        invokes.add("req-1");

        // WHEN the handler hands over work and then returns
        Thread handler = Thread.currentThread();
        afterResponse.execute(() -> journal.add("work on " + (Thread.currentThread() == handler ? "handler" : "extension")));
        Thread.sleep(50);
        assertThat(journal).as("nothing runs before the handler returns").doesNotContain("work on extension");
        journal.add("handler returned");
        afterResponse.invocationEnded("req-1");

        // THEN the work ran on the extension's thread, after the handler returned, then the after-work hook
        // (flushing its metrics), and only then did the extension ask for the next event
        awaitJournal("next ext-1", 2);
        assertThat(journal).containsSubsequence("register {\"events\":[\"INVOKE\"]}", "next ext-1", "handler returned",
                "work on extension", "after work", "next ext-1");
    }

    @Test
    void an_invocation_without_work_should_have_its_records_flushed_and_release_the_environment() throws Exception {
        // GIVEN the extension registered, flushing the records of each invocation
        AfterResponse afterResponse = start(Map.of("AWS_LAMBDA_RUNTIME_API", address()));
        afterResponse.afterWork(() -> journal.add("after work"));
        awaitJournal("next ext-1", 1);

        // WHEN an invocation hands over nothing
        afterResponse.invocationStarted("req-2");
        invokes.add("req-2");
        journal.add("handler returned");
        afterResponse.invocationEnded("req-2");

        // THEN the after-work hook ran once the handler had returned, and then the extension asked for the next event
        awaitJournal("next ext-1", 2);
        assertThat(journal).containsSubsequence("next ext-1", "handler returned", "after work", "next ext-1");
        assertThat(journal).containsOnlyOnce("after work");
    }

    @Test
    void work_should_run_on_the_callers_thread_where_it_cannot_be_held() throws Exception {
        // GIVEN no Runtime API, the switch off, a refused registration, and work outside an invocation
        registerStatus = 403;
        List<AfterResponse> inline = List.of(
                start(Map.of()),
                start(Map.of("AWS_LAMBDA_RUNTIME_API", address(), AfterResponse.SWITCH, "off")),
                start(Map.of("AWS_LAMBDA_RUNTIME_API", address())));
        registerStatus = 200;
        AfterResponse registered = start(Map.of("AWS_LAMBDA_RUNTIME_API", address()));

        for (AfterResponse afterResponse : List.of(inline.get(0), inline.get(1), inline.get(2), registered)) {
            // WHEN work is handed over (no invocation started: priming at init)
            Thread caller = Thread.currentThread();
            Thread[] ranOn = new Thread[1];
            afterResponse.execute(() -> ranOn[0] = Thread.currentThread());

            // THEN it ran at once, on the caller's thread
            assertThat(ranOn[0]).isSameAs(caller);
        }
        assertThat(inline).noneMatch(AfterResponse::holdsWork);
    }

    private String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void awaitJournal(String entry, int times) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (journal.stream().filter(entry::equals).count() < times) {
            assertThat(System.nanoTime()).as("'%s' %d times in %s", entry, times, journal).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
