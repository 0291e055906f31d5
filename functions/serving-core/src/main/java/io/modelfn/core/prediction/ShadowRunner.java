package io.modelfn.core.prediction;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.DataType;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs sampled copies of requests on an endpoint's shadow version, after the caller has its answer,
 * and records whether the shadow agreed ({@code ShadowDisagreement} 0 or 1, variant {@code shadow}).
 *
 * <p>The caller never waits for, and never sees, a shadow: copies run on their own small pool with a
 * bounded queue (a full queue drops the copy, counted), and every failure of a shadow is caught.
 * Thread-safe.
 */
public class ShadowRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShadowRunner.class.getName());
    /** Tolerance for floating-point outputs when a model has no label output. */
    static final double RELATIVE_TOLERANCE = 1e-3;

    private final ModelCache cache;
    private final RemoteInference remote;
    private final Metrics metrics;
    private final ThreadPoolExecutor pool;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public ShadowRunner(ModelCache cache, Metrics metrics, int threads, int queue) {
        this(cache, null, metrics, threads, queue);
    }

    /** @param remote runs the copies of endpoints with a remote backend there; null runs every copy here */
    public ShadowRunner(ModelCache cache, RemoteInference remote, Metrics metrics, int threads, int queue) {
        this.cache = cache;
        this.remote = remote;
        this.metrics = metrics;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, "modelfn-shadow-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                }, (task, executor) -> dropped.incrementAndGet());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Queues a shadow copy; returns at once. */
    public void submit(String endpoint, ModelVersion shadow, Map<String, Tensor> inputs, Map<String, Tensor> served) {
        submit(endpoint, shadow, inputs, served, Backend.IN_PROCESS);
    }

    /** Queues a shadow copy to run where the endpoint's models run; returns at once. */
    public void submit(String endpoint, ModelVersion shadow, Map<String, Tensor> inputs, Map<String, Tensor> served,
            Backend backend) {
        try {
            pool.execute(() -> run(endpoint, shadow, inputs, served, backend));
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
        }
    }

    void run(String endpoint, ModelVersion shadow, Map<String, Tensor> inputs, Map<String, Tensor> served) {
        run(endpoint, shadow, inputs, served, Backend.IN_PROCESS);
    }

    void run(String endpoint, ModelVersion shadow, Map<String, Tensor> inputs, Map<String, Tensor> served,
            Backend backend) {
        try {
            InputValidator.check(shadow.key(), shadow.signature(), inputs, List.of());
            Map<String, Tensor> answer;
            if (backend.remote() && remote != null) {
                answer = remote.infer(backend, shadow, inputs, List.of(), null);
            } else {
                try (ModelCache.Lease lease = cache.acquire(shadow)) {
                    answer = lease.model().infer(inputs, List.of());
                }
            }
            boolean disagrees = disagree(served, answer);
            metrics.recordEvent(endpoint, Variant.SHADOW, shadow.key().name(), shadow.key().version(),
                    MetricsContract.SHADOW_DISAGREEMENT, disagrees ? 1 : 0, MetricsContract.COUNT);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.log(Level.FINE, "shadow copy on " + shadow.key() + " failed", e);
        }
    }

    /**
     * Whether two answers differ in a way a caller would notice: a different label when the model
     * has a {@code label} output, else any floating-point output beyond the tolerance or any other
     * output not equal.
     */
    static boolean disagree(Map<String, Tensor> served, Map<String, Tensor> shadow) {
        Tensor servedLabel = served.get("label");
        Tensor shadowLabel = shadow.get("label");
        if (servedLabel != null && shadowLabel != null) {
            return !servedLabel.renamed("label").equals(shadowLabel.renamed("label"));
        }
        for (Map.Entry<String, Tensor> e : served.entrySet()) {
            Tensor other = shadow.get(e.getKey());
            if (other == null || other.dataType() != e.getValue().dataType()
                    || !java.util.Arrays.equals(other.shape(), e.getValue().shape())) {
                return true;
            }
            if (e.getValue().dataType() == DataType.FP32) {
                float[] a = e.getValue().floats();
                float[] b = other.floats();
                for (int i = 0; i < a.length; i++) {
                    double diff = Math.abs(a[i] - b[i]);
                    if (diff > 1e-6 && diff > RELATIVE_TOLERANCE * Math.max(Math.abs(a[i]), Math.abs(b[i]))) {
                        return true;
                    }
                }
            } else if (!e.getValue().equals(other.renamed(e.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** Copies dropped because the shadow pool was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Copies whose shadow failed (any reason). */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
