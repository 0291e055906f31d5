package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the harness freezes an environment: only once its runtime and every extension wait for an event with none
 * handed to them. The test plays the runtime and one internal extension itself, over the Runtime and Extensions APIs,
 * against an environment whose process only sleeps (it is stopped and continued like a function's), and holds the
 * harness's own threads at the moment an event has been taken but not yet answered: the two races that froze a
 * process with an event on its way (a hung invocation, or an extension's event left to the next invocation).
 */
class ExecutionEnvironmentFreezingTest {

    private static final FunctionConfiguration FUNCTION = new FunctionConfiguration("freezing", "none::handleRequest",
            "java25", 512, 30, Map.of(), 0);

    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private ExecutionEnvironment environment;
    private String api;

    @TempDir
    Path work;

    @AfterEach
    void close() {
        release.countDown();
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void an_extension_whose_event_is_taken_but_not_answered_should_keep_the_environment_from_freezing() throws Exception {
        // GIVEN an environment frozen after its first invocation, the runtime and the extension waiting
        Waiting waiting = frozenAfterTheFirstInvocation();
        String extension = waiting.extension();
        CompletableFuture<HttpResponse<String>> extensionNext = waiting.extensionNext();
        CompletableFuture<HttpResponse<String>> runtimeNext = waiting.runtimeNext();

        // WHEN the second event's extension side is held after its next took it, and the runtime answers at once
        environment.afterExtensionTookEvent = this::holdOnce;
        ExecutionEnvironment.PendingEvent second = event();
        assertThat(environment.offer(second)).isTrue();
        String requestId = requestId(runtimeNext.get(10, TimeUnit.SECONDS));
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the extension's event taken").isTrue();
        post(requestId);
        runtimeNext = runtimeNext();
        await(environment::runtimeWaits, "the runtime waiting again");

        // THEN the environment still runs: the extension has not had its event
        assertThat(environment.state()).isEqualTo(ExecutionEnvironment.State.BUSY);
        assertThat(second.result().get(10, TimeUnit.SECONDS).requestId()).isEqualTo(requestId);

        // AND once the extension has it and asks for the next one, the environment freezes
        release.countDown();
        assertThat(extensionNext.get(10, TimeUnit.SECONDS).body()).contains(requestId);
        extensionNext(extension);
        await(() -> environment.state() == ExecutionEnvironment.State.IDLE, "frozen after the second invocation");
    }

    @Test
    void a_runtime_whose_event_is_taken_but_not_handed_should_not_count_as_waiting() throws Exception {
        // GIVEN an environment frozen after its first invocation, the runtime and the extension waiting
        Waiting waiting = frozenAfterTheFirstInvocation();
        String extension = waiting.extension();
        CompletableFuture<HttpResponse<String>> extensionNext = waiting.extensionNext();
        CompletableFuture<HttpResponse<String>> runtimeNext = waiting.runtimeNext();

        // WHEN the runtime's side of the second event is held after its next took it from the queue, and the
        // extension asks for the next event once more meanwhile (a call sent again on a new connection)
        environment.afterRuntimeTookEvent = this::holdOnce;
        ExecutionEnvironment.PendingEvent second = event();
        assertThat(environment.offer(second)).isTrue();
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the runtime's event taken").isTrue();
        int calls = environment.extensionNextCalls();
        CompletableFuture<HttpResponse<String>> again = extensionNext(extension);
        await(() -> environment.extensionNextCalls() == calls + 1, "the extension's second call received");

        // THEN the environment still runs: the runtime has an event on its way
        assertThat(environment.state()).isEqualTo(ExecutionEnvironment.State.BUSY);

        // AND the invocation completes once the runtime has its event
        release.countDown();
        String requestId = requestId(runtimeNext.get(10, TimeUnit.SECONDS));
        post(requestId);
        assertThat(second.result().get(10, TimeUnit.SECONDS).requestId()).isEqualTo(requestId);
        assertThat(CompletableFuture.anyOf(extensionNext, again).get(10, TimeUnit.SECONDS)).isNotNull();
    }

    /** The extension's identifier, and the next calls of the extension and of the runtime, both waiting. */
    private record Waiting(String extension, CompletableFuture<HttpResponse<String>> extensionNext,
            CompletableFuture<HttpResponse<String>> runtimeNext) {
    }

    /**
     * Starts the environment with a registered extension, plays its first invocation through, has the extension and
     * then the runtime ask for the next event, and returns once the harness has frozen the environment.
     */
    private Waiting frozenAfterTheFirstInvocation() throws Exception {
        String extension = registeredAfterTheFirstInvocation();
        Waiting waiting = new Waiting(extension, extensionNext(extension), runtimeNext());
        await(() -> environment.state() == ExecutionEnvironment.State.IDLE, "frozen after the first invocation");
        return waiting;
    }

    /**
     * Starts the environment with a registered extension, and plays its first invocation through: the runtime takes
     * the event and answers; the extension takes its event. Returns the extension's identifier; neither has asked
     * for the next event yet.
     */
    private String registeredAfterTheFirstInvocation() throws Exception {
        ExecutionEnvironment.PendingEvent first = event();
        environment = ExecutionEnvironment.start("env-" + UUID.randomUUID().toString().substring(0, 8), work,
                (config, variables, runtimeApi, tmp, cpu) -> {
                    api = "http://" + runtimeApi;
                    return new ProcessBuilder("sleep", "600");
                }, FUNCTION, Map.of(), 0, first);
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(api + "/2020-01-01/extension/register"))
                .header("Lambda-Extension-Name", "freezing-test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(200);
        String extension = registered.headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        CompletableFuture<HttpResponse<String>> extensionNext = extensionNext(extension);
        String requestId = requestId(runtimeNext().get(10, TimeUnit.SECONDS));
        assertThat(extensionNext.get(10, TimeUnit.SECONDS).body()).contains(requestId);
        post(requestId);
        assertThat(first.result().get(10, TimeUnit.SECONDS).requestId()).isEqualTo(requestId);
        return extension;
    }

    private void holdOnce() {
        held.countDown();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutionEnvironment.PendingEvent event() {
        return new ExecutionEnvironment.PendingEvent(UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                new CompletableFuture<>());
    }

    private CompletableFuture<HttpResponse<String>> runtimeNext() {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(api + "/2018-06-01/runtime/invocation/next")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> extensionNext(String extension) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(api + "/2020-01-01/extension/event/next"))
                .header("Lambda-Extension-Identifier", extension).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String requestId) throws IOException, InterruptedException {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(api + "/2018-06-01/runtime/invocation/"
                + requestId + "/response")).POST(HttpRequest.BodyPublishers.ofString("{\"ok\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);
    }

    private static String requestId(HttpResponse<String> next) {
        assertThat(next.statusCode()).isEqualTo(200);
        return next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
