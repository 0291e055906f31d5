package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The local runner's signals summed per second: exact over whole seconds, bounded in memory, safe under load. */
class PerSecondSumsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sums_should_count_the_records_of_the_seconds_a_window_overlaps() {
        // GIVEN counts added at 00:00:00.000, 00:00:00.999, 00:00:01.500 and 00:00:02.000 for one key, one for another
        PerSecondSums<String> sums = new PerSecondSums<>(Duration.ofHours(1));
        sums.add(T0, "a", new long[] {1, 0, 2});
        sums.add(T0.plusMillis(999), "a", new long[] {0, 5});
        sums.add(T0.plusMillis(1500), "a", new long[] {10, 10, 10, 10});
        sums.add(T0.plusSeconds(2), "a", new long[] {100});
        sums.addOne(T0, "b");

        // THEN each whole-second window holds exactly the records inside it, per index, and only the key's
        assertThat(sums.sum("a", T0, T0.plusSeconds(1), 3)).containsExactly(1, 5, 2);
        assertThat(sums.sum("a", T0, T0.plusSeconds(2), 4)).containsExactly(11, 15, 12, 10);
        assertThat(sums.sum("a", T0.plusSeconds(1), T0.plusSeconds(3), 2)).containsExactly(110, 10);
        assertThat(sums.sum("a", T0.plusSeconds(3), T0.plusSeconds(60), 3)).containsExactly(0, 0, 0);
        assertThat(sums.sum("a", T0.plusSeconds(2), T0.plusSeconds(2), 1)).containsExactly(0);
        assertThat(sums.sum("b", T0.minusSeconds(10), T0.plusSeconds(10), 1)).containsExactly(1);
        assertThat(sums.sum("c", T0, T0.plusSeconds(10), 2)).containsExactly(0, 0);
        // a window that does not start or end on a second takes in the whole seconds at its ends
        assertThat(sums.sum("a", T0.plusMillis(500), T0.plusMillis(1500), 1)).containsExactly(11);
        assertThat(sums.sum("a", T0.plusMillis(1200), T0.plusMillis(1300), 1)).containsExactly(10);
    }

    @Test
    void memory_should_be_bounded_by_the_seconds_kept_not_by_the_records() {
        // GIVEN sums kept for 10 minutes and 100 records a second for an hour
        PerSecondSums<String> sums = new PerSecondSums<>(Duration.ofMinutes(10));
        for (int second = 0; second < 3600; second++) {
            for (int record = 0; record < 100; record++) {
                sums.addOne(T0.plusSeconds(second).plusMillis(record * 10L), "endpoint");
            }
        }

        // THEN only the last ten minutes' seconds are held, and they hold every record of those seconds
        assertThat(sums.secondsHeld()).isBetween(600, 601);
        Instant end = T0.plusSeconds(3600);
        assertThat(sums.sum("endpoint", end.minus(Duration.ofMinutes(10)), end, 1)).containsExactly(60_000);
        assertThat(sums.sum("endpoint", T0, end.minus(Duration.ofMinutes(11)), 1)).containsExactly(0);
    }

    @Test
    void concurrent_adds_should_all_be_counted_across_second_changes() throws Exception {
        // GIVEN 8 threads adding 20,000 counts each to two keys, their instants crossing 5 seconds
        PerSecondSums<String> sums = new PerSecondSums<>(Duration.ofHours(1));
        int threads = 8;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    Instant at = T0.plusMillis((long) i * 5000 / each);
                    sums.add(at, thread % 2 == 0 ? "even" : "odd", new long[] {1, 2});
                    sums.addOne(at, "requests");
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();

        // THEN no count is lost
        Instant end = T0.plusSeconds(5);
        assertThat(sums.sum("even", T0, end, 2)).containsExactly(4L * each, 8L * each);
        assertThat(sums.sum("odd", T0, end, 2)).containsExactly(4L * each, 8L * each);
        assertThat(sums.sum("requests", T0, end, 1)).containsExactly((long) threads * each);
    }
}
