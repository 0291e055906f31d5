package io.modelfn.core.prediction;

import io.modelfn.core.model.Signature;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** A request whose inputs are already tensors (priming, tests, benchmarks): nothing to read. */
record DecodedRequest(PredictRequest request) implements ProtocolRequest {

    @Override
    public String endpoint() {
        return request.endpoint();
    }

    @Override
    public String pinnedVersion() {
        return request.pinnedVersion();
    }

    @Override
    public void read() {
    }

    @Override
    public String routingKey() {
        return request.routingKey();
    }

    @Override
    public Map<String, Tensor> inputs(Signature signature) {
        return request.inputs();
    }

    @Override
    public List<String> outputs() {
        return request.outputs();
    }
}
