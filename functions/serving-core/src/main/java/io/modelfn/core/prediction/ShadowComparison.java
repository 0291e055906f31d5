package io.modelfn.core.prediction;

import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.DataType;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.shadow.ShadowMetrics;
import io.modelfn.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one shadow copy on the shadow version, where the endpoint's models run, and compares its answer
 * with the served one: {@code ShadowCompared} 1 and {@code ShadowDisagreement} 0 or 1 when it ran,
 * {@code ShadowFailed} 1 when it could not (variant {@code shadow}, the shadow's model and version).
 *
 * <p>Synchronous: the caller is whatever runs shadows (a pool in this process, or the invocation that
 * received the copy as an event). Never throws for a failing shadow, and never logs tensor values.
 * Thread-safe.
 */
public class ShadowComparison {

    private static final Logger LOG = Logger.getLogger(ShadowComparison.class.getName());
    /** Tolerance for floating-point outputs when a model has no label output. */
    static final double RELATIVE_TOLERANCE = 1e-3;

    /** What became of one copy. */
    public enum Outcome {
        AGREED, DISAGREED, FAILED
    }

    private final ModelCache cache;
    private final RemoteInference remote;
    private final Metrics metrics;

    /** @param remote runs the copies of endpoints with a remote backend there; null runs every copy here */
    public ShadowComparison(ModelCache cache, RemoteInference remote, Metrics metrics) {
        this.cache = cache;
        this.remote = remote;
        this.metrics = metrics;
    }

    /** Runs the copy's shadow and records the comparison, or the failure. */
    public Outcome compare(ShadowCopy copy) {
        var shadow = copy.shadow();
        Map<String, Tensor> answer;
        try {
            InputValidator.check(shadow.key(), shadow.signature(), copy.inputs(), List.of());
            if (copy.backend().remote() && remote != null) {
                answer = remote.infer(copy.backend(), shadow, copy.inputs(), List.of(), copy.requestId(), null);
            } else {
                try (ModelCache.Lease lease = cache.acquire(shadow)) {
                    answer = lease.model().infer(copy.inputs(), List.of());
                }
            }
        } catch (RuntimeException e) {
            ShadowMetrics.count(metrics, copy, MetricsContract.SHADOW_FAILED);
            LOG.log(Level.FINE, "shadow copy on " + shadow.key() + " failed: " + e.getClass().getSimpleName());
            return Outcome.FAILED;
        }
        boolean disagrees = disagree(copy.served(), answer);
        ShadowMetrics.count(metrics, copy, MetricsContract.SHADOW_COMPARED);
        metrics.recordEvent(copy.endpoint(), Variant.SHADOW, shadow.key().name(), shadow.key().version(),
                MetricsContract.SHADOW_DISAGREEMENT, disagrees ? 1 : 0, MetricsContract.COUNT);
        return disagrees ? Outcome.DISAGREED : Outcome.AGREED;
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
                    || !Arrays.equals(other.shape(), e.getValue().shape())) {
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
}
