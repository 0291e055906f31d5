package io.modelfn.lambda.afterresponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Runs work after the invocation's response is posted, without losing it to the freeze that follows: an
 * internal Lambda extension (registered at init through the Extensions API) is handed each invocation too,
 * waits until the handler has returned and the runtime has posted the response ({@link RuntimeThreadIdle}), runs the work handed to it
 * during that invocation, and only then asks for the next event. Lambda freezes an environment only once
 * the runtime and every extension have asked for the next event, so the work is neither frozen half-way nor
 * paid for by the caller; it is billed, and the environment takes its next event when it is done.
 *
 * <p>The extension's thread runs in Linux's idle scheduling class ({@link IdleScheduling}) from the end of the first
 * invocation on: on Lambda's one core it wakes as each event arrives and again as the handler returns, and an ordinary
 * thread would take the core from the runtime's thread there, before the response is posted. In the idle class it runs
 * only once the runtime's thread blocks, after the post (or on another core, where the function has one).
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

    private final ExtensionsApiClient api;
    private final RuntimeThreadIdle runtimeIdle = new RuntimeThreadIdle();
    private final Object lock = new Object();
    private List<Runnable> pending = new ArrayList<>();
    private String currentRequest;
    private String endedRequest;
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
     * Runs {@code hook} on the extension's thread after each invocation has ended and its work has run, before the
     * environment is released (flushing the metric records of the invocation and of its work), and once more if the
     * thread stops. While {@link #holdsWork()}, what the hook does need not be done before the response.
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

    /** The handler, as it returns (normally or not): the work handed over may run once the response is out. */
    public void invocationEnded(String requestId) {
        synchronized (lock) {
            if (Objects.equals(currentRequest, requestId)) {
                currentRequest = null;
            }
            endedRequest = requestId;
            lock.notifyAll();
        }
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

    /** Stops the extension's thread (tests; on Lambda it lives as long as the process). */
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void loop() {
        boolean idleClass = false;
        try {
            while (true) {
                ExtensionsApiClient.Event event = next();
                if (!"INVOKE".equals(event.type())) {
                    continue;
                }
                List<Runnable> tasks = awaitEnd(event);
                if (!tasks.isEmpty() || !idleClass) {
                    runtimeIdle.await();
                }
                if (!idleClass) {
                    // Once, after the first answer is out: the move costs about a tenth of a second of CPU the first
                    // time (the native call's handle is built), which init and the first invocation do not pay.
                    IdleScheduling.applyToCurrentThread().ifPresent(why -> LOG.debugf("the %s extension's thread keeps "
                            + "its scheduling class (%s): it competes with the handler for the core", EXTENSION_NAME, why));
                    idleClass = true;
                }
                for (Runnable task : tasks) {
                    runQuietly(task);
                }
                runQuietly(afterWork);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            LOG.errorf(e, "the %s extension stopped; work runs before the response from now on", EXTENSION_NAME);
        } finally {
            List<Runnable> left;
            synchronized (lock) {
                running = false;
                left = pending;
                pending = new ArrayList<>();
            }
            left.forEach(AfterResponse::runQuietly);
            runQuietly(afterWork);
        }
    }

    /**
     * Asks for the next event, again after a failed call (a few times): an extension that stops asking
     * holds its environment until the invocation's timeout, after which Lambda replaces the environment.
     */
    private ExtensionsApiClient.Event next() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return api.next();
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

    /** Waits until the handler has returned from {@code event}'s invocation (or its deadline), then takes its work. */
    private List<Runnable> awaitEnd(ExtensionsApiClient.Event event) throws InterruptedException {
        synchronized (lock) {
            while (!event.requestId().equals(endedRequest)) {
                long left = event.deadlineMs() - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
            List<Runnable> tasks = pending;
            pending = new ArrayList<>();
            return tasks;
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
