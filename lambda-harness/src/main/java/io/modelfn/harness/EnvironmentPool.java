package io.modelfn.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The execution environments of one function, placed as Lambda places events: an event goes to an
 * environment waiting for one, or starts a new environment (a cold start); environments that died are
 * dropped. Each environment runs on one core, the cores taken in turn.
 *
 * <p>Thread-safe.
 */
public final class EnvironmentPool implements AutoCloseable {

    private final String name;
    private final Path work;
    private final LaunchLine launch;
    private final FunctionConfiguration config;
    private final Map<String, String> runtimeEnvironment;
    private final List<ExecutionEnvironment> environments = new ArrayList<>();
    private final Map<String, ExecutionEnvironment> everStarted = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private volatile int firstCore;

    /**
     * @param runtimeEnvironment variables put over the function's own: the local engines' endpoints and
     *        credentials, which Lambda would provide from the function's role
     */
    public EnvironmentPool(String name, LambdaLayout layout, FunctionConfiguration config, Map<String, String> runtimeEnvironment) {
        this(name, layout.root(), JvmLaunch.of(layout), config, runtimeEnvironment);
    }

    /**
     * A pool whose environments start as {@code launch} says, with their logs and {@code /tmp} folders
     * under {@code work}.
     */
    public EnvironmentPool(String name, Path work, LaunchLine launch, FunctionConfiguration config,
            Map<String, String> runtimeEnvironment) {
        this.name = name;
        this.work = work;
        this.launch = launch;
        this.config = config;
        this.runtimeEnvironment = Map.copyOf(runtimeEnvironment);
    }

    public FunctionConfiguration configuration() {
        return config;
    }

    /**
     * Starts this pool's environments from core {@code first} on (else from core 0, as every pool does): for a test
     * whose environments must not share a core with another pool's, as on Lambda, where each has CPU of its own.
     *
     * @return this pool
     */
    public EnvironmentPool onCoresFrom(int first) {
        this.firstCore = first;
        return this;
    }

    /** Sends {@code payload} to an idle environment, or to a new one. */
    public CompletableFuture<Invocation> invoke(byte[] payload) {
        return invokeAll(List.of(payload)).get(0);
    }

    /**
     * Sends {@code payload} to {@code environment}, which must be waiting for an event (a test that follows
     * one environment through a freeze and a thaw).
     *
     * @throws IllegalStateException if it is not waiting for one
     */
    public CompletableFuture<Invocation> invokeOn(ExecutionEnvironment environment, byte[] payload) {
        ExecutionEnvironment.PendingEvent event = new ExecutionEnvironment.PendingEvent(UUID.randomUUID().toString(),
                payload, new CompletableFuture<>());
        if (!environment.offer(event)) {
            throw new IllegalStateException("environment " + environment.id() + " is " + environment.state());
        }
        return event.result();
    }

    /**
     * Sends payloads that arrive at the same instant: each goes to an idle environment that none of the
     * others took, or to a new one, as concurrent requests each hold an environment on Lambda.
     */
    public synchronized List<CompletableFuture<Invocation>> invokeAll(List<byte[]> payloads) {
        environments.removeIf(e -> e.state() == ExecutionEnvironment.State.DEAD);
        List<ExecutionEnvironment> taken = new ArrayList<>();
        List<CompletableFuture<Invocation>> results = new ArrayList<>();
        for (byte[] payload : payloads) {
            ExecutionEnvironment.PendingEvent event = new ExecutionEnvironment.PendingEvent(UUID.randomUUID().toString(),
                    payload, new CompletableFuture<>());
            results.add(event.result());
            ExecutionEnvironment placed = null;
            for (ExecutionEnvironment environment : environments) {
                if (!taken.contains(environment) && environment.offer(event)) {
                    placed = environment;
                    break;
                }
            }
            if (placed == null) {
                int index = started.getAndIncrement();
                placed = ExecutionEnvironment.start(name + "-" + index, work, launch, config, runtimeEnvironment,
                        (firstCore + index) % cores,
                        event);
                environments.add(placed);
                everStarted.put(placed.id(), placed);
            }
            taken.add(placed);
        }
        return results;
    }

    /** The environments alive now (initializing, busy or idle). */
    public synchronized List<ExecutionEnvironment> environments() {
        return environments.stream().filter(e -> e.state() != ExecutionEnvironment.State.DEAD).toList();
    }

    /** Waits until every live environment waits for an event; false if one did not within {@code timeout}. */
    public boolean awaitAllIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutionEnvironment environment : environments()) {
            if (!environment.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** How many environments this pool has started. */
    public int started() {
        return started.get();
    }

    /** The output (the function's logs) of an environment this pool started, alive or not. */
    public String log(String environmentId) {
        ExecutionEnvironment environment = everStarted.get(environmentId);
        if (environment == null) {
            throw new IllegalArgumentException("no environment " + environmentId + " in this pool");
        }
        return environment.log();
    }

    /** Kills one environment, as Lambda recycles environments without notice. */
    public synchronized void recycle(ExecutionEnvironment environment) {
        environment.close();
        environments.remove(environment);
    }

    /** Kills every environment: the next event cold-starts. */
    public synchronized void recycleAll() {
        environments.forEach(ExecutionEnvironment::close);
        environments.clear();
    }

    @Override
    public void close() {
        recycleAll();
    }
}
