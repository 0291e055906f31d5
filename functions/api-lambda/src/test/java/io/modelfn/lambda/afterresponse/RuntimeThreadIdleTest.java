package io.modelfn.lambda.afterresponse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The runtime thread's scheduler state, read from {@code /proc} (Linux, as on Lambda). */
class RuntimeThreadIdleTest {

    @Test
    void the_state_should_be_read_after_the_last_parenthesis_of_the_command_name() {
        assertThat(RuntimeThreadIdle.stateOf("4711 (java) S 1 4711 0")).isEqualTo('S');
        assertThat(RuntimeThreadIdle.stateOf("4711 (a) b (c)) R 1 4711 0")).isEqualTo('R');
        assertThat(RuntimeThreadIdle.stateOf("garbage")).isEqualTo('?');
    }

    @Test
    void a_thread_that_keeps_running_should_be_waited_for_until_the_limit() throws Exception {
        // GIVEN a "runtime" thread that records itself and then keeps the CPU busy
        RuntimeThreadIdle idle = new RuntimeThreadIdle();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch recorded = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            idle.recordRuntimeThread();
            recorded.countDown();
            long sink = 0;
            while (!stop.get()) {
                sink += System.nanoTime() & 1;
            }
            assertThat(sink).isNotNegative();
        });
        busy.start();
        try {
            assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();

            // WHEN the extension waits for it
            long start = System.nanoTime();
            idle.await();

            // THEN it waited the whole limit: a running (or runnable) thread has not posted yet
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(RuntimeThreadIdle.LIMIT);
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    @Test
    void a_blocked_thread_should_read_as_sleeping() throws Exception {
        // GIVEN a "runtime" thread that records itself and then blocks, as in its next call
        RuntimeThreadIdle idle = new RuntimeThreadIdle();
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread blocked = new Thread(() -> {
            idle.recordRuntimeThread();
            recorded.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.start();
        try {
            assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);

            // WHEN the extension waits for it THEN it returns before the limit
            long start = System.nanoTime();
            idle.await();
            assertThat(System.nanoTime() - start).isLessThan(RuntimeThreadIdle.LIMIT);
        } finally {
            release.countDown();
            blocked.join();
        }
    }

    @Test
    void a_thread_waiting_for_its_posts_reply_should_be_waited_for_until_it_asks_for_the_next_event() throws Exception {
        // GIVEN a "runtime" thread blocked on a socket in the client's post (waiting for the Runtime API's reply),
        // which then blocks again in its next call
        RuntimeThreadIdle idle = new RuntimeThreadIdle();
        CountDownLatch recorded = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket api = server.accept()) {
            InputStream replies = client.getInputStream();
            Thread runtime = new Thread(() -> {
                idle.recordRuntimeThread();
                recorded.countDown();
                postInvocationResponse(replies);
                next(replies);
            });
            runtime.start();
            assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(RuntimeThreadIdle.waitsForNextEvent(runtime.getStackTrace())).isFalse();

            // WHEN the extension waits for it, and the API replies to the post only later
            long start = System.nanoTime();
            CompletableFuture<Long> returned = CompletableFuture.supplyAsync(() -> {
                idle.await();
                return System.nanoTime();
            });
            Thread.sleep(300);
            long replied = System.nanoTime();
            api.getOutputStream().write(1);

            // THEN it returned after the reply (the thread blocked in next), well before the limit
            long end = returned.get(10, TimeUnit.SECONDS);
            assertThat(end).isGreaterThan(replied);
            assertThat(end - start).isLessThan(RuntimeThreadIdle.LIMIT);
            assertThat(RuntimeThreadIdle.waitsForNextEvent(runtime.getStackTrace())).isTrue();
            api.getOutputStream().write(2);
            runtime.join(10_000);
        }
    }

    /** Named as the runtime interface client's post: waits for one byte, the Runtime API's reply. */
    private static void postInvocationResponse(InputStream replies) {
        read(replies);
    }

    private static void next(InputStream replies) {
        read(replies);
    }

    private static void read(InputStream in) {
        try {
            in.read();
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    @Test
    void a_stack_should_read_as_past_the_post_only_when_blocked_in_native_code_outside_the_post() {
        StackTraceElement next = new StackTraceElement("com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient",
                "next", null, -2);
        StackTraceElement post = new StackTraceElement("com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient",
                "postInvocationResponse", null, -2);
        StackTraceElement loop = new StackTraceElement("com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "startRuntimeLoop", "AWSLambda.java", 400);
        StackTraceElement handler = new StackTraceElement("io.modelfn.lambda.handler.ModelfnLambdaHandler", "handleRequest",
                "ModelfnLambdaHandler.java", 70);

        assertThat(RuntimeThreadIdle.waitsForNextEvent(new StackTraceElement[] {next, loop})).isTrue();
        assertThat(RuntimeThreadIdle.waitsForNextEvent(new StackTraceElement[] {post, loop})).isFalse();
        // held at a safepoint while running Java code: it reads as blocked, and has not posted
        assertThat(RuntimeThreadIdle.waitsForNextEvent(new StackTraceElement[] {handler, loop})).isFalse();
        assertThat(RuntimeThreadIdle.waitsForNextEvent(new StackTraceElement[0])).isFalse();
    }
}
