package io.modelfn.core.prediction;

import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One prediction, whatever protocol it came in by.
 *
 * @param endpoint the endpoint (or model) name from the path or body
 * @param pinnedVersion a version or alias the caller pinned, or null to let the endpoint route
 * @param inputs input tensors by name
 * @param outputs names of the outputs wanted; empty for all
 * @param routingKey the caller identity for sticky assignment, or null
 * @param requestId for logs, metrics and traces
 */
public record PredictRequest(
        String endpoint,
        String pinnedVersion,
        Map<String, Tensor> inputs,
        List<String> outputs,
        String routingKey,
        String requestId) {

    public PredictRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        inputs = Map.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
