package io.modelfn.core.prediction;

import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/**
 * The answer to a {@link PredictRequest}, and which model version and variant gave it.
 *
 * @param outputs output tensors by name, in the model's order
 * @param cacheHit whether the model was already loaded (in this process; false when remote)
 * @param modelLoadMillis the load this request waited for (0 on a hit or when remote)
 * @param inferenceNanos the inference call alone (the whole remote call when remote)
 * @param remote whether a remote backend ran it
 */
public record Prediction(
        String endpoint,
        String variant,
        ModelVersion version,
        Map<String, Tensor> outputs,
        boolean cacheHit,
        long modelLoadMillis,
        long inferenceNanos,
        boolean remote) {

    /** A prediction run in this process. */
    public Prediction(String endpoint, String variant, ModelVersion version, Map<String, Tensor> outputs,
            boolean cacheHit, long modelLoadMillis, long inferenceNanos) {
        this(endpoint, variant, version, outputs, cacheHit, modelLoadMillis, inferenceNanos, false);
    }
}
