package io.modelfn.core.prediction;

import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/**
 * The answer to a {@link PredictRequest}, and which model version and variant gave it.
 *
 * @param outputs output tensors by name, in the model's order
 * @param cacheHit whether the model was already loaded
 * @param modelLoadMillis the load this request waited for (0 on a hit)
 * @param inferenceNanos the inference call alone
 */
public record Prediction(
        String endpoint,
        String variant,
        ModelVersion version,
        Map<String, Tensor> outputs,
        boolean cacheHit,
        long modelLoadMillis,
        long inferenceNanos) {
}
