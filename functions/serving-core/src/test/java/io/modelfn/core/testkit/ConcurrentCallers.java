package io.modelfn.core.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Load for the tests that count what comes out of concurrent calls: {@code threads} callers released together,
 * each making {@code perThread} calls, joined before this returns.
 */
public final class ConcurrentCallers {

    /** One call: which caller makes it and its number among that caller's calls. */
    @FunctionalInterface
    public interface Call {
        void make(int caller, int index);
    }

    private ConcurrentCallers() {
    }

    /**
     * Runs the calls; {@code beforeRelease} runs once every caller's thread is started and waiting (to start what
     * must run beside them, such as a flusher). A call that throws stops its caller's thread: catch what is
     * expected inside the call.
     */
    public static void run(int threads, int perThread, Runnable beforeRelease, Call call) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int caller = t;
            callers.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    call.make(caller, i);
                }
            }, "caller-" + t));
        }
        callers.forEach(Thread::start);
        beforeRelease.run();
        start.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
    }

    /** {@link #run(int, int, Runnable, Call)} with nothing to start beside the callers. */
    public static void run(int threads, int perThread, Call call) throws InterruptedException {
        run(threads, perThread, () -> { }, call);
    }
}
