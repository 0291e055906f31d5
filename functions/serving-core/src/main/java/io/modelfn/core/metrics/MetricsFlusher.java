package io.modelfn.core.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Flushes a {@link Metrics} sink once per interval on a daemon thread of its own, and once more when
 * closed (shutdown), so nothing recorded before {@link #close()} is left unwritten. Not for Lambda:
 * there an environment is frozen between invocations and nothing may run after an answer; the
 * handler flushes each invocation itself. Thread-safe.
 */
public final class MetricsFlusher implements AutoCloseable {

    private final Metrics metrics;
    private final ScheduledExecutorService timer;

    private MetricsFlusher(Metrics metrics, Duration interval) {
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "modelfn-metrics-flush");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            metrics.flush();
        } catch (RuntimeException e) {
            // A failed flush must not end the timer (a scheduled task that throws never runs again).
        }
    }

    /** Starts flushing {@code metrics} every {@code interval} (positive). */
    public static MetricsFlusher every(Duration interval, Metrics metrics) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("a flush interval must be positive: " + interval);
        }
        return new MetricsFlusher(metrics, interval);
    }

    /** Stops the timer, waits for a flush in progress, then flushes what is left. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.flush();
    }
}
