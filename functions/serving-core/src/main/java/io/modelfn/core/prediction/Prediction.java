package io.modelfn.core.prediction;

import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/**
 * The answer to a {@link ProtocolRequest}, and which model version and variant gave it.
 *
 * @param outputs output tensors by name, in the model's order
 * @param cacheHit whether the model was already loaded (in this process; false when remote)
 * @param modelLoadMillis the load this request waited for (0 on a hit or when remote)
 * @param inferenceNanos the inference call alone (the whole remote call when remote)
 * @param remote whether a remote backend ran it
 * @param resultCacheHit 1 when the answer was kept from an identical earlier request, 0 when the
 *     endpoint keeps answers but had none, -1 when it does not keep answers
 */
public record Prediction(
        String endpoint,
        String variant,
        ModelVersion version,
        Map<String, Tensor> outputs,
        boolean cacheHit,
        long modelLoadMillis,
        long inferenceNanos,
        boolean remote,
        int resultCacheHit) {

    /** A prediction run in this process, from an endpoint that keeps no answers. */
    public Prediction(String endpoint, String variant, ModelVersion version, Map<String, Tensor> outputs,
            boolean cacheHit, long modelLoadMillis, long inferenceNanos) {
        this(endpoint, variant, version, outputs, cacheHit, modelLoadMillis, inferenceNanos, false, -1);
    }

    /** The same prediction with the result cache's outcome. */
    public Prediction withResultCacheHit(int hit) {
        return new Prediction(endpoint, variant, version, outputs, cacheHit, modelLoadMillis, inferenceNanos, remote, hit);
    }
}
