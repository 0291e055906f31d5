package io.modelfn.core.prediction;

import io.modelfn.core.model.Signature;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A request whose inputs are already tensors, for tests of the prediction path: nothing to read.
 *
 * @param routingKey the protocol's own routing key, or null
 */
record PredictRequest(String endpoint, String pinnedVersion, Map<String, Tensor> inputs, List<String> outputs,
        String routingKey, String requestId) implements ProtocolRequest {

    @Override
    public void read() {
    }

    @Override
    public Map<String, Tensor> inputs(Signature signature) {
        return inputs;
    }

    /** Serves it as a transport would, with its own id and no routing-key header. */
    Prediction servedBy(PredictionService service) {
        return service.serve(new CallContext(requestId, System.nanoTime(), null), this).prediction();
    }
}
