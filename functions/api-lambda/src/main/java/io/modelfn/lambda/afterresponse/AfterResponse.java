package io.modelfn.lambda.afterresponse;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Runs work after the invocation's response is posted, without losing it to the freeze that follows: an
 * internal Lambda extension (registered at init through the Extensions API) is handed each invocation too,
 * and says it is done with it (asks for the next event) only after the work handed to it during that
 * invocation has run, once the handler has returned and the runtime has posted the response ({@link
 * RuntimeThreadIdle}). Lambda freezes an environment only once the runtime and every extension have asked for
 * the next event, so the work is neither frozen half-way nor paid for by the caller; it is billed, and the
 * environment takes its next event when it is done.
 *
 * <p>Most invocations hand over nothing. For those the handler's thread itself, as the handler returns, reads
 * the extension's event (which Lambda delivered when the invocation started) and writes the extension's next
 * request, two calls on a kept loopback connection, without waiting for an answer. No thread of the extension
 * wakes in such an invocation: a thread that read each event and then waited for the handler took the one core
 * from the handler twice per invocation (about a tenth of a millisecond of a warm invocation's latency, and twice
 * that in CPU). The extension's thread runs only where there is work, or where the event has not arrived yet
 * when the handler returns; it then reads the event, waiting for it, and asks for the next one.
 *
 * <p>{@link #execute} runs the task on the caller's thread instead when the work cannot be held: outside
 * Lambda (no {@code AWS_LAMBDA_RUNTIME_API}), when switched off ({@code MODELFN_AFTER_RESPONSE=off}), when
 * the registration failed, outside an invocation (priming at init), or when the extension's thread has
 * stopped. The handler brackets each invocation with {@link #invocationStarted} and {@link
 * #invocationEnded}.
 *
 * <p>One per process ({@link #instance()}), as the Extensions API is. Thread-safe.
 */
public final class AfterResponse implements Executor {

    /** The extension's name, as Lambda lists it. */
    public static final String EXTENSION_NAME = "modelfn-after-response";
    /** Switch: {@code off} runs every task on the caller's thread. */
    public static final String SWITCH = "MODELFN_AFTER_RESPONSE";

    private static final int NEXT_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(AfterResponse.class);
    private static volatile AfterResponse instance;

    /**
     * What the extension's thread is handed at the end of an invocation: the work to run, and whether the
     * invocation's event is still to be read before the next is asked for (false for the first next, at init).
     */
    private record Release(List<Runnable> work, boolean readEvent) {
    }

    private final ExtensionsApiClient api;
    private final RuntimeThreadIdle runtimeIdle = new RuntimeThreadIdle();
    private final Object lock = new Object();
    private final ArrayDeque<Release> releases = new ArrayDeque<>();
    private List<Runnable> pending = new ArrayList<>();
    private String currentRequest;
    /** Whether the extension's thread holds the API client (it was handed a release and has not finished it). */
    private boolean threadHoldsApi;
    /** How many releases the extension's thread has finished (tests: which thread asked for the next event). */
    private int releasesFinished;
    private volatile boolean running;
    private volatile Runnable afterWork = () -> { };
    private Thread thread;

    private AfterResponse(ExtensionsApiClient api) {
        this.api = api;
    }

    /** The process's instance: registered as an extension on first call if on Lambda and switched on. */
    public static AfterResponse instance() {
        AfterResponse local = instance;
        if (local == null) {
            synchronized (AfterResponse.class) {
                local = instance;
                if (local == null) {
                    local = start(System.getenv());
                    instance = local;
                }
            }
        }
        return local;
    }

    static AfterResponse start(Map<String, String> environment) {
        String runtimeApi = environment.get("AWS_LAMBDA_RUNTIME_API");
        if (runtimeApi == null || runtimeApi.isBlank() || "off".equalsIgnoreCase(environment.get(SWITCH))) {
            return new AfterResponse(null);
        }
        ExtensionsApiClient api = new ExtensionsApiClient(runtimeApi);
        try {
            api.register(EXTENSION_NAME);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("after-response work runs before the response: registering the %s extension failed: %s",
                    EXTENSION_NAME, e.getMessage());
            return new AfterResponse(null);
        }
        AfterResponse afterResponse = new AfterResponse(api);
        afterResponse.running = true;
        afterResponse.releases.add(new Release(List.of(), false));
        afterResponse.threadHoldsApi = true;
        afterResponse.thread = new Thread(afterResponse::loop, EXTENSION_NAME);
        afterResponse.thread.setDaemon(true);
        afterResponse.thread.start();
        return afterResponse;
    }

    /** Whether tasks are held until after the response (false: they run when handed over). */
    public boolean holdsWork() {
        return running;
    }

    /**
     * Runs {@code hook} on the extension's thread after each invocation's work, before the environment is
     * released (e.g. flushing the metric records that work produced).
     */
    public void afterWork(Runnable hook) {
        afterWork = Objects.requireNonNull(hook, "hook");
    }

    /** The handler, on the runtime's thread, as an invocation starts. */
    public void invocationStarted(String requestId) {
        if (running) {
            runtimeIdle.recordRuntimeThread();
        }
        synchronized (lock) {
            currentRequest = requestId;
        }
    }

    /**
     * The handler, as it returns (normally or not): the work handed over may run once the response is out, and
     * the extension is then done with the invocation. Without work, and with the extension's event already
     * arrived, this thread reads the event and asks for the next one itself (see the class comment).
     */
    public void invocationEnded(String requestId) {
        List<Runnable> work;
        synchronized (lock) {
            if (Objects.equals(currentRequest, requestId)) {
                currentRequest = null;
            }
            if (!running) {
                return;
            }
            work = pending;
            pending = new ArrayList<>();
            if (!work.isEmpty() || threadHoldsApi || !api.eventArrived()) {
                release(new Release(work, true));
                return;
            }
        }
        // The extension's thread is waiting for a release and the API client is idle until one: this thread uses it.
        try {
            api.awaitEvent();
            api.sendNext();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the %s extension's next failed on the handler's thread (%s); its thread asks again",
                    EXTENSION_NAME, e);
            synchronized (lock) {
                release(new Release(List.of(), false));
            }
        }
    }

    /** Hands a release to the extension's thread; call holding the lock. */
    private void release(Release release) {
        releases.add(release);
        threadHoldsApi = true;
        lock.notifyAll();
    }

    /** Runs {@code task} after the current invocation's response, or now (see the class comment). */
    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            if (running && currentRequest != null) {
                pending.add(task);
                return;
            }
        }
        task.run();
    }

    /** How many releases the extension's thread has finished, its first next at init included. */
    int releasesFinished() {
        synchronized (lock) {
            return releasesFinished;
        }
    }

    /** Stops the extension's thread (tests; on Lambda it lives as long as the process). */
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void loop() {
        try {
            while (true) {
                Release release;
                synchronized (lock) {
                    while (releases.isEmpty()) {
                        lock.wait();
                    }
                    release = releases.poll();
                }
                if (!release.work().isEmpty()) {
                    runtimeIdle.await();
                    for (Runnable task : release.work()) {
                        runQuietly(task);
                    }
                    runQuietly(afterWork);
                }
                if (release.readEvent()) {
                    api.awaitEvent();
                }
                sendNext();
                synchronized (lock) {
                    releasesFinished++;
                    threadHoldsApi = !releases.isEmpty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            LOG.errorf(e, "the %s extension stopped; work runs before the response from now on", EXTENSION_NAME);
        } finally {
            List<Runnable> left = new ArrayList<>();
            synchronized (lock) {
                running = false;
                releases.forEach(release -> left.addAll(release.work()));
                releases.clear();
                left.addAll(pending);
                pending = new ArrayList<>();
            }
            left.forEach(AfterResponse::runQuietly);
        }
    }

    /**
     * Asks for the next event, again after a failed call (a few times): an extension that stops asking
     * holds its environment until the invocation's timeout, after which Lambda replaces the environment.
     */
    private void sendNext() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                api.sendNext();
                return;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped");
                }
                if (attempt == NEXT_ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("the %s extension's next failed (%s); asking again", EXTENSION_NAME, e);
                Thread.sleep(10L * attempt);
            }
        }
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "work after the response failed");
        }
    }
}
