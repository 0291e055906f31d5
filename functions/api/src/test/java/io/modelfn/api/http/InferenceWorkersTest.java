package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded workers: a full queue refuses a call at once (503) instead of growing. */
class InferenceWorkersTest {

    @Test
    void run_should_refuse_with_server_busy_when_workers_and_queue_are_full() throws Exception {
        // GIVEN one worker held by a call and a queue of two, filled
        InferenceWorkers workers = new InferenceWorkers(1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            workers.run(() -> {
                running.countDown();
                await(release);
                ran.incrementAndGet();
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            workers.run(ran::incrementAndGet);
            workers.run(ran::incrementAndGet);
            // WHEN one more call comes
            // THEN it is refused at once, with a status-mapped failure
            assertThatThrownBy(() -> workers.run(ran::incrementAndGet)).isInstanceOf(ServerBusyException.class)
                    .hasMessageContaining("busy");
            assertThat(ErrorMapping.status(new ServerBusyException("busy"))).isEqualTo(503);
            // AND the accepted calls all run once the worker is free
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ran.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ran.get()).isEqualTo(3);
        } finally {
            release.countDown();
            workers.shutdown();
        }
    }

    @Test
    void server_busy_should_keep_its_message_for_the_client() {
        ApiError error = ErrorMapping.of(new ServerBusyException("the server is busy; retry shortly"), 500, "r-1");
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.message()).isEqualTo("the server is busy; retry shortly");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
