package io.modelfn.core.prediction;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.shadow.ShadowDispatch;
import io.modelfn.core.shadow.ShadowMetrics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shadow copies compared in this process, on a small pool of low-priority threads with a bounded
 * queue: for processes that keep running after they answer (the container backend, the local runner).
 * Not for AWS Lambda, whose environments are frozen between invocations and recycled without notice
 * (a copy would wait, half-run, until the next request, or be lost).
 *
 * <p>A full queue skips the copy ({@code ShadowSkipped}); a queued copy counts as {@code ShadowRequests}.
 * Thread-safe.
 */
public class InProcessShadowDispatch implements ShadowDispatch, AutoCloseable {

    private final ShadowComparison comparison;
    private final Metrics metrics;
    private final ThreadPoolExecutor pool;
    private final AtomicLong skipped = new AtomicLong();

    public InProcessShadowDispatch(ShadowComparison comparison, Metrics metrics, int threads, int queue) {
        this.comparison = comparison;
        this.metrics = metrics;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, "modelfn-shadow-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void dispatch(ShadowCopy copy) {
        try {
            pool.execute(() -> comparison.compare(copy));
            ShadowMetrics.count(metrics, copy, MetricsContract.SHADOW_REQUESTS);
        } catch (RejectedExecutionException e) {
            skipped.incrementAndGet();
            ShadowMetrics.count(metrics, copy, MetricsContract.SHADOW_SKIPPED);
        }
    }

    /** Copies skipped because the queue was full (or the pool closed). */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
