package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run prediction calls too slow or too uncertain for the event loop (a model load, a
 * remote backend, a large model): a fixed number ({@code modelfn.http.infer-workers}) and a bounded
 * queue ({@code modelfn.http.infer-queue}). When both are full a call is refused at once with
 * {@link ServerBusyException} (503) rather than adding threads or queueing without end.
 */
@ApplicationScoped
public class InferenceWorkers {

    @Inject
    ModelfnConfig config;

    private ThreadPoolExecutor pool;
    private int queue;

    InferenceWorkers() {
    }

    /** Workers of a fixed size, outside CDI (tests, tools). */
    InferenceWorkers(int threads, int queue) {
        open(threads, queue);
    }

    @PostConstruct
    void start() {
        open(config.http().inferWorkers(), config.http().inferQueue());
    }

    private void open(int threads, int queueLength) {
        AtomicInteger count = new AtomicInteger();
        queue = queueLength;
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueLength),
                runnable -> {
                    Thread thread = new Thread(runnable, "modelfn-infer-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        // Idle threads go: a runner that served a burst an hour ago holds none of them.
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code call} on a worker.
     *
     * @throws ServerBusyException when every worker is busy and the queue is full
     */
    public void run(Runnable call) {
        try {
            pool.execute(call);
        } catch (RejectedExecutionException e) {
            throw new ServerBusyException("the server is busy: every inference worker is taken and "
                    + queue + " calls wait; retry shortly");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        shutdown();
    }

    void shutdown() {
        pool.shutdown();
    }
}
