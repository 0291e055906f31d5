package io.modelfn.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda execution environment: a fresh JVM running the runtime interface client on the function's
 * handler, and the Runtime API it polls (its own, as each Lambda environment has its own).
 *
 * <p>Lambda's lifecycle, as this class keeps it: the environment initializes until its runtime first asks
 * for the next event; an event is handed to it only while it waits in {@code /next}; while it waits with
 * nothing to do the process is frozen ({@code SIGSTOP}) and it is thawed ({@code SIGCONT}) when an event is
 * handed to it; an init error ends it; it may be killed at any moment ({@link #close()}).
 *
 * <p>It serves the Extensions API too, for the runtime's internal extensions ({@code
 * /2020-01-01/extension/register}, {@code .../event/next}, events {@code INVOKE} only): an extension
 * registers during init (before the runtime's first {@code /next}); each event is handed to the runtime and
 * to every extension; the invocation's answer is the runtime's response, posted whenever it is, but the
 * environment waits for an event (and is frozen) only once the runtime and every extension have asked for
 * the next one, as on Lambda, where an extension may work on after the response and its environment is
 * busy until it is done.
 *
 * <p>Thread-safe.
 */
public final class ExecutionEnvironment implements AutoCloseable {

    /** Where an environment is in its lifecycle. */
    public enum State { INITIALIZING, BUSY, IDLE, DEAD }

    /** /proc reports CPU time in USER_HZ ticks, 100 per second on Linux whatever the kernel's own tick. */
    private static final double MILLIS_PER_TICK = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/2018-06-01/runtime";
    private static final Pattern INVOCATION = Pattern.compile(API + "/invocation/([^/]+)/(response|error)");
    private static final String EXTENSION_API = "/2020-01-01/extension";

    /** Lambda sets it when the function's active tracing is on; its invocations are then sampled. */
    static final String XRAY_DAEMON_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";

    private final String id;
    private final FunctionConfiguration config;
    private final HttpServer runtimeApi;
    private final ExecutorService apiThreads;
    private final BlockingQueue<PendingEvent> next = new LinkedBlockingQueue<>();
    private final Path log;
    private final long launchedNanos;
    private Process process;
    private volatile long initDoneNanos;
    private volatile long initCpuTicks = -1;
    private volatile long firstAnswerCpuTicks = -1;
    private volatile String initError;
    private State state = State.INITIALIZING;
    private PendingEvent current;
    private long currentHandedNanos;
    private boolean currentIsFirst;
    private boolean frozen;
    private int handed;
    private boolean runtimeWaiting;
    private final Map<String, Extension> extensions = new LinkedHashMap<>();
    private volatile long releasedNanos;

    /** An internal extension registered with this environment, and the events handed to it. */
    private static final class Extension {
        final String id;
        final String name;
        final BlockingQueue<PendingEvent> events = new LinkedBlockingQueue<>();
        boolean waiting;

        Extension(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /** An event on its way to the runtime, and what became of it. */
    record PendingEvent(String requestId, byte[] payload, CompletableFuture<Invocation> result) {
    }

    /**
     * Test seam: runs on the Runtime API's thread once the runtime's {@code next} has taken an event from the
     * queue, before it is handed over (outside the lock). {@code ExecutionEnvironmentFreezingTest} holds it there to
     * check that nothing counts the runtime as waiting meanwhile.
     */
    volatile Runnable afterRuntimeTookEvent = () -> { };
    /** Test seam: the same for an extension's {@code next}, once it has taken its event, before it answers. */
    volatile Runnable afterExtensionTookEvent = () -> { };
    private int extensionNextCalls;

    private ExecutionEnvironment(String id, FunctionConfiguration config, Path log) throws IOException {
        this.id = id;
        this.config = config;
        this.log = log;
        this.apiThreads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "runtime-api-" + id);
            thread.setDaemon(true);
            return thread;
        });
        this.runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        runtimeApi.setExecutor(apiThreads);
        runtimeApi.createContext(API, this::serve);
        runtimeApi.createContext(EXTENSION_API, this::serveExtension);
        runtimeApi.start();
        this.launchedNanos = System.nanoTime();
    }

    /**
     * Starts an environment with {@code first} waiting for it: the JVM is launched as {@link JvmLaunch}
     * says, on CPU {@code cpu}.
     */
    static ExecutionEnvironment start(String id, LambdaLayout layout, FunctionConfiguration config,
            Map<String, String> runtimeEnvironment, int cpu, PendingEvent first) {
        return start(id, layout.root(), JvmLaunch.of(layout), config, runtimeEnvironment, cpu, first);
    }

    /**
     * Starts an environment with {@code first} waiting for it: the process is launched as {@code launch}
     * says, on CPU {@code cpu}; its log and its {@code /tmp} go under {@code work}.
     */
    static ExecutionEnvironment start(String id, Path work, LaunchLine launch, FunctionConfiguration config,
            Map<String, String> runtimeEnvironment, int cpu, PendingEvent first) {
        try {
            Path logs = Files.createDirectories(work.resolve("logs"));
            ExecutionEnvironment environment = new ExecutionEnvironment(id, config, logs.resolve(id + ".log"));
            environment.next.add(first);
            Path tmp = Files.createDirectories(work.resolve("tmp-" + id));
            String runtimeApiAddress = "127.0.0.1:" + environment.runtimeApi.getAddress().getPort();
            ProcessBuilder builder = launch.processBuilder(config, runtimeEnvironment, runtimeApiAddress, tmp, cpu)
                    .redirectErrorStream(true)
                    .redirectOutput(environment.log.toFile());
            environment.process = builder.start();
            environment.process.onExit().thenRun(environment::exited);
            return environment;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return id;
    }

    public long pid() {
        return process.pid();
    }

    public synchronized State state() {
        return state;
    }

    /** The runtime's output (the function's logs). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of {@code /runtime/init/error}, if the runtime posted one. */
    public String initError() {
        return initError;
    }

    /** How many {@code next} calls of extensions the Extensions API has received (tests). */
    synchronized int extensionNextCalls() {
        return extensionNextCalls;
    }

    /** Whether the runtime waits in {@code next} with no event handed to it (tests). */
    synchronized boolean runtimeWaits() {
        return runtimeWaiting;
    }

    /** The names of the extensions that registered, in order. */
    public synchronized List<String> extensionNames() {
        return extensions.values().stream().map(e -> e.name).toList();
    }

    /**
     * When this environment last began to wait for an event ({@link System#nanoTime()}): after its runtime
     * and every extension asked for the next one; 0 before.
     */
    public long releasedNanos() {
        return releasedNanos;
    }

    /** Milliseconds from the JVM's launch to the runtime's first {@code /next}; 0 while initializing. */
    public double initMillis() {
        return initDoneNanos == 0 ? 0 : (initDoneNanos - launchedNanos) / 1e6;
    }

    /**
     * CPU time (user and system, all threads) the JVM had used when the runtime first asked for an event: the
     * work of init, which unlike {@link #initMillis()} does not grow when other processes share the core.
     * Resolution 10 ms (Linux's clock tick); -1 while initializing.
     */
    public double initCpuMillis() {
        return initCpuTicks < 0 ? -1 : initCpuTicks * MILLIS_PER_TICK;
    }

    /** CPU time the JVM had used when its first response was posted (init and the first invocation); -1 before. */
    public double firstAnswerCpuMillis() {
        return firstAnswerCpuTicks < 0 ? -1 : firstAnswerCpuTicks * MILLIS_PER_TICK;
    }

    /** Hands {@code event} to this environment if it is waiting for one (thawing it); false if it is not. */
    synchronized boolean offer(PendingEvent event) {
        if (state != State.IDLE) {
            return false;
        }
        state = State.BUSY;
        // The runtime's pending next takes this event outside the lock: from now on it does not count as waiting
        // (else an extension's next in between would find it waiting, the queue already empty, and freeze the
        // process with the event on its way).
        runtimeWaiting = false;
        // Thawed before the event is handed over, as on Lambda: the runtime's pending next returns in a running
        // process. The other way round, the invocation's duration counted the thaw (a signal sent by a
        // short-lived process, milliseconds on a busy machine).
        thaw();
        next.add(event);
        return true;
    }

    /**
     * Waits until the runtime waits in {@code /next} (after posting a response it still has to ask for the
     * next event: an event arriving before then goes to another environment, as on Lambda).
     *
     * @return whether it did within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (state != State.IDLE && state != State.DEAD) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return state == State.IDLE;
        }
    }

    /** Whether the process is stopped (state {@code T} in {@code /proc}). */
    public boolean isStopped() {
        return ProcessProbe.state(pid()) == 'T';
    }

    /** User and system CPU time of the process so far, in clock ticks. */
    public long cpuTicks() {
        return ProcessProbe.cpuTicks(pid());
    }

    /** Resident memory of the process ({@code VmRSS}), in kB. */
    public long residentKb() {
        return ProcessProbe.residentKb(pid());
    }

    /**
     * Classes the JVM has loaded and not unloaded, from its performance counters ({@code jcmd
     * PerfCounter.print}, the counters {@code jstat -class} reads). An idle environment is thawed for the
     * attach and frozen again.
     */
    public synchronized long loadedClasses() {
        String out = jcmd("PerfCounter.print");
        return counter(out, "java.cls.loadedClasses") + counter(out, "java.cls.sharedLoadedClasses")
                - counter(out, "java.cls.unloadedClasses") - counter(out, "java.cls.sharedUnloadedClasses");
    }

    /**
     * Of {@link #loadedClasses()}, those the JVM took from a CDS archive or AOT cache rather than from a class
     * file (the counter {@code java.cls.sharedLoadedClasses}).
     */
    public synchronized long loadedClassesFromArchive() {
        String out = jcmd("PerfCounter.print");
        return counter(out, "java.cls.sharedLoadedClasses") - counter(out, "java.cls.sharedUnloadedClasses");
    }

    /**
     * Runs a diagnostic command in the JVM ({@code jcmd <pid> <command...>}, e.g. {@code JFR.dump}) and
     * returns its output. An idle environment is thawed for the attach and frozen again.
     */
    public synchronized String jcmd(String... command) {
        boolean wasFrozen = frozen;
        if (wasFrozen) {
            thaw();
        }
        try {
            List<String> line = new ArrayList<>(List.of(JvmLaunch.javaHome().resolve("bin/jcmd").toString(),
                    Long.toString(pid())));
            line.addAll(List.of(command));
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0) {
                throw new IllegalStateException("jcmd failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (wasFrozen) {
                freeze();
            }
        }
    }

    private static long counter(String perfCounters, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "=(\\d+)", Pattern.MULTILINE).matcher(perfCounters);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Ends the process as a shutdown does ({@code SIGTERM}, after thawing it), so that what the JVM does at
     * exit runs (writing an AOT cache, for one), and waits up to {@code timeout} for it to exit.
     *
     * @return whether it exited within {@code timeout}
     */
    public boolean terminate(Duration timeout) throws InterruptedException {
        synchronized (this) {
            thaw();
        }
        signal("TERM");
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the process, as Lambda recycles an environment without notice. */
    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runtimeApi.stop(0);
        apiThreads.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher invocation = INVOCATION.matcher(path);
            if ("GET".equals(method) && path.equals(API + "/invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && invocation.matches()) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                boolean error = invocation.group(2).equals("error");
                String errorType = error ? errorType(exchange, body) : null;
                int status = finish(invocation.group(1), error ? Invocation.Outcome.ERROR : Invocation.Outcome.RESPONSE,
                        body, errorType);
                reply(exchange, status, status == 202 ? "{\"status\":\"OK\"}" : "{\"errorMessage\":\"unknown request id\","
                        + "\"errorType\":\"InvalidRequestID\"}");
            } else if ("POST".equals(method) && path.equals(API + "/init/error")) {
                initError = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply(exchange, 202, "{\"status\":\"OK\"}");
                initFailed();
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not a Runtime API path\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (initDoneNanos == 0) {
            initDoneNanos = System.nanoTime();
            initCpuTicks = cpuTicks();
        }
        PendingEvent event;
        synchronized (this) {
            event = next.poll();
            if (event == null) {
                runtimeWaiting = true;
                idleIfAllWait();
            } else {
                state = State.BUSY;
            }
        }
        try {
            while (event == null) {
                event = next.poll(1, TimeUnit.SECONDS);
                if (state() == State.DEAD) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        afterRuntimeTookEvent.run();
        synchronized (this) {
            runtimeWaiting = false;
            current = event;
            handed++;
            currentHandedNanos = System.nanoTime();
            currentIsFirst = handed == 1;
            for (Extension extension : extensions.values()) {
                extension.events.add(event);
                // Handed over now, though its next call wakes later: an extension with an event to take is not waiting.
                extension.waiting = false;
            }
        }
        long deadline = System.currentTimeMillis() + config.timeoutSeconds() * 1000L;
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", event.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn());
        headers.set("Lambda-Runtime-Trace-Id", TraceIds.next(config.environment().containsKey(XRAY_DAEMON_VARIABLE)));
        exchange.sendResponseHeaders(200, event.payload().length == 0 ? -1 : event.payload().length);
        exchange.getResponseBody().write(event.payload());
    }

    private synchronized int finish(String requestId, Invocation.Outcome outcome, byte[] body, String errorType) {
        if (current == null || !current.requestId().equals(requestId)) {
            return 400;
        }
        double duration = (System.nanoTime() - currentHandedNanos) / 1e6;
        if (currentIsFirst) {
            firstAnswerCpuTicks = cpuTicks();
        }
        current.result().complete(new Invocation(requestId, outcome, body, id, currentIsFirst,
                currentIsFirst ? initMillis() : 0, duration, errorType, System.nanoTime()));
        current = null;
        return 202;
    }

    private void initFailed() {
        List<PendingEvent> waiting = new ArrayList<>();
        synchronized (this) {
            state = State.DEAD;
            next.drainTo(waiting);
            notifyAll();
        }
        for (PendingEvent event : waiting) {
            event.result().complete(new Invocation(event.requestId(), Invocation.Outcome.INIT_ERROR,
                    initError.getBytes(StandardCharsets.UTF_8), id, true, 0, 0, "Runtime.InitError", System.nanoTime()));
        }
    }

    private void exited() {
        List<PendingEvent> waiting = new ArrayList<>();
        synchronized (this) {
            state = State.DEAD;
            notifyAll();
            next.drainTo(waiting);
            if (current != null) {
                waiting.add(current);
                current = null;
            }
        }
        for (PendingEvent event : waiting) {
            Invocation.Outcome outcome = initError != null ? Invocation.Outcome.INIT_ERROR : Invocation.Outcome.EXITED;
            event.result().complete(new Invocation(event.requestId(), outcome,
                    ("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"the runtime exited\"}").getBytes(StandardCharsets.UTF_8),
                    id, false, 0, 0, "Runtime.ExitError", System.nanoTime()));
        }
        runtimeApi.stop(0);
        apiThreads.shutdownNow();
    }

    /** With the lock held: once the runtime and every extension wait, the environment waits (frozen). */
    private void idleIfAllWait() {
        if (state == State.DEAD || !runtimeWaiting || !next.isEmpty()
                || !extensions.values().stream().allMatch(e -> e.waiting && e.events.isEmpty())) {
            return;
        }
        state = State.IDLE;
        releasedNanos = System.nanoTime();
        freeze();
        notifyAll();
    }

    private void serveExtension(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("POST".equals(method) && path.equals(EXTENSION_API + "/register")) {
                register(exchange);
            } else if ("GET".equals(method) && path.equals(EXTENSION_API + "/event/next")) {
                extensionNext(exchange);
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not an Extensions API path\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestHeaders().getFirst("Lambda-Extension-Name");
        var events = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("events");
        boolean invokeOnly = events.isArray() && events.size() == 1 && "INVOKE".equals(events.get(0).asText());
        String id = UUID.randomUUID().toString();
        synchronized (this) {
            if (name == null || name.isBlank() || !invokeOnly) {
                reply(exchange, 400, "{\"errorMessage\":\"an internal extension names itself and registers for INVOKE "
                        + "only\",\"errorType\":\"InvalidRequest\"}");
                return;
            }
            if (initDoneNanos != 0) {
                reply(exchange, 403, "{\"errorMessage\":\"extensions register during init, before the runtime's "
                        + "first next\",\"errorType\":\"Extension.RegisterAfterInit\"}");
                return;
            }
            extensions.put(id, new Extension(id, name));
        }
        exchange.getResponseHeaders().set("Lambda-Extension-Identifier", id);
        reply(exchange, 200, JSON.writeValueAsString(Map.of("functionName", config.functionName(),
                "functionVersion", "$LATEST", "handler", config.handler())));
    }

    private void extensionNext(HttpExchange exchange) throws IOException {
        Extension extension;
        synchronized (this) {
            extension = extensions.get(exchange.getRequestHeaders().getFirst("Lambda-Extension-Identifier"));
            if (extension == null) {
                reply(exchange, 403, "{\"errorMessage\":\"unknown extension identifier\",\"errorType\":"
                        + "\"Extension.UnknownExtensionIdentifier\"}");
                return;
            }
            extension.waiting = true;
            extensionNextCalls++;
            idleIfAllWait();
        }
        PendingEvent event = null;
        try {
            while (event == null) {
                event = extension.events.poll(1, TimeUnit.SECONDS);
                if (state() == State.DEAD) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        afterExtensionTookEvent.run();
        synchronized (this) {
            extension.waiting = false;
        }
        exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
        reply(exchange, 200, JSON.writeValueAsString(Map.of("eventType", "INVOKE",
                "deadlineMs", System.currentTimeMillis() + config.timeoutSeconds() * 1000L,
                "requestId", event.requestId(), "invokedFunctionArn", functionArn())));
    }

    private String functionArn() {
        String region = config.environment().getOrDefault("AWS_REGION", JvmLaunch.REGION);
        return "arn:aws:lambda:" + region + ":" + JvmLaunch.ACCOUNT + ":function:" + config.functionName() + ":live";
    }

    private static String errorType(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        if (header != null) {
            return header;
        }
        try {
            return JSON.readTree(body).path("errorType").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void freeze() {
        signal("STOP");
        frozen = true;
        awaitStopped();
    }

    /**
     * Waits (up to a second) until the process shows as stopped: {@code kill} returns once the signal is sent, and
     * each of the JVM's threads stops only when next scheduled on the environment's core, which another process may
     * hold for a moment. Lambda's freeze is complete when the platform considers the environment frozen; so is this.
     */
    private void awaitStopped() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        try {
            while (process.isAlive() && ProcessProbe.state(pid()) != 'T' && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The process ended meanwhile (its /proc entry is gone): nothing left to wait for.
        }
    }

    private void thaw() {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
            if (kill.waitFor() != 0 && process.isAlive()) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
