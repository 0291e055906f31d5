package io.modelfn.lambda.afterresponse;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until the runtime's thread has posted the response and the Runtime API has taken it: after the handler
 * returns, the runtime interface client serializes and posts the response, waits for the API's reply, then
 * blocks asking for the next event. Nothing tells another thread when the post is done, so this watches the
 * thread's scheduler state in {@code /proc/self/task/<tid>/stat} until it is no longer running or runnable
 * ({@code R}). A blocked thread is then either waiting for the post's reply or in its next call; its stack tells
 * which ({@link #waitsForNextEvent}): while a frame of the client's post ({@link #POSTING}) is on it, the API has
 * not answered the post yet, and while its top frame is Java code it is only held at a safepoint, not blocked in a
 * call; either way the wait goes on. A thread that waits for the core counts as runnable, so work after the
 * response never takes the core from the post. Where {@code /proc} cannot be read, it waits until the thread's CPU time stops
 * growing (which a thread waiting for the core also shows, so it is only a fallback). At most {@link #LIMIT}
 * watching the state: a runnable thread has not posted yet, however long it waits for a core that other
 * processes hold (a cold start beside it, for one), so the limit only guards against a thread that never
 * blocks; at most {@link #FALLBACK_LIMIT} watching the CPU time.
 *
 * <p>The runtime thread's id is recorded on that thread ({@link #recordRuntimeThread}), once.
 */
final class RuntimeThreadIdle {

    static final long SAMPLE = TimeUnit.MICROSECONDS.toNanos(50);
    static final long LIMIT = TimeUnit.SECONDS.toNanos(1);
    static final long FALLBACK_LIMIT = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int STILL_SAMPLES = 2;
    /**
     * The runtime interface client's methods that post an invocation's answer and wait for the Runtime API's reply
     * (aws-lambda-java-runtime-interface-client 2.x: the native post of a response, the HTTP post of an error).
     * A client that names them otherwise reads as done once it blocks in a native call.
     */
    static final Set<String> POSTING = Set.of("postInvocationResponse", "reportInvocationSuccess",
            "reportInvocationError", "reportLambdaError");

    private volatile Thread runtime;
    private volatile Path stat;

    /** On the runtime's thread, as an invocation starts: remembers its kernel thread id (first time only). */
    void recordRuntimeThread() {
        Thread current = Thread.currentThread();
        if (runtime == current) {
            return;
        }
        runtime = current;
        stat = null;
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>" of the calling thread
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            Path candidate = Path.of("/proc").resolve(self).resolve("stat");
            if (Files.isReadable(candidate)) {
                stat = candidate;
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no /proc: the CPU-time fallback
        }
    }

    /** Returns once the runtime thread is blocked (or its CPU time stopped growing), or after the limit. */
    void await() {
        Thread thread = runtime;
        if (thread == null || !thread.isAlive()) {
            return;
        }
        Path path = stat;
        if (path != null) {
            long deadline = System.nanoTime() + LIMIT;
            while (System.nanoTime() < deadline) {
                if (state(path) != 'R' && waitsForNextEvent(thread.getStackTrace())) {
                    return;
                }
                LockSupport.parkNanos(SAMPLE);
            }
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            return;
        }
        long deadline = System.nanoTime() + FALLBACK_LIMIT;
        long last = threads.getThreadCpuTime(thread.threadId());
        int still = 0;
        while (still < STILL_SAMPLES && System.nanoTime() < deadline) {
            LockSupport.parkNanos(SAMPLE);
            long now = threads.getThreadCpuTime(thread.threadId());
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    /**
     * Whether a blocked thread's stack is that of a runtime thread past its post: blocked in native code (the
     * client's next call, or any I/O), with no frame of the client's post ({@link #POSTING}) on it. A thread held at
     * a safepoint or for a collection while it runs Java code (its top frame Java's) reads as blocked in {@code
     * /proc} too, and has not posted.
     */
    static boolean waitsForNextEvent(StackTraceElement[] stack) {
        if (stack.length == 0 || !stack[0].isNativeMethod()) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (POSTING.contains(frame.getMethodName())) {
                return false;
            }
        }
        return true;
    }

    /** The state letter of a {@code stat} line ({@code pid (comm) S ...}); '?' if unreadable. */
    static char state(Path stat) {
        try {
            return stateOf(Files.readString(stat));
        } catch (IOException e) {
            return '?';
        }
    }

    static char stateOf(String statLine) {
        // comm may hold spaces and parentheses: the state follows the last ')'
        int close = statLine.lastIndexOf(')');
        return close < 0 || close + 2 >= statLine.length() ? '?' : statLine.charAt(close + 2);
    }
}
