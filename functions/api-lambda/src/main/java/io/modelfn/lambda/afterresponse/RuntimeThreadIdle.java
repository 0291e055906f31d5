package io.modelfn.lambda.afterresponse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until the runtime's thread has posted the response: after the handler returns, the runtime
 * interface client serializes and posts the response, then blocks asking for the next event. Nothing tells
 * another thread when the post is done, so this watches the thread's CPU time and waits until it stops
 * growing (two samples {@link #SAMPLE} apart), for at most {@link #LIMIT}. On one core the work after the
 * response then does not take the core from the post; with more, it waits a fraction of a millisecond.
 */
final class RuntimeThreadIdle {

    static final long SAMPLE = TimeUnit.MICROSECONDS.toNanos(100);
    static final long LIMIT = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int STILL_SAMPLES = 2;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean measurable = threads.isThreadCpuTimeSupported();

    /** Returns once {@code runtime} has stopped using CPU, or after the limit (or at once if it ended). */
    void await(Thread runtime) {
        if (runtime == null || !runtime.isAlive()) {
            return;
        }
        long deadline = System.nanoTime() + LIMIT;
        if (!measurable) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            return;
        }
        long last = threads.getThreadCpuTime(runtime.threadId());
        int still = 0;
        while (still < STILL_SAMPLES && System.nanoTime() < deadline) {
            LockSupport.parkNanos(SAMPLE);
            long now = threads.getThreadCpuTime(runtime.threadId());
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }
}
