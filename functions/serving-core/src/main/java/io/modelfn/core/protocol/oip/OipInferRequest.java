package io.modelfn.core.protocol.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An Open Inference Protocol inference request, decoded.
 *
 * @param id the request's id, echoed in the response; null when absent
 * @param parameters the request-level parameters object, or null
 * @param inputs input tensors by name, in request order
 * @param outputs names of the requested outputs; empty means all
 * @param binaryData the requested outputs whose {@value BinaryTensorExtension#DATA} parameter was given, with its value
 */
public record OipInferRequest(String id, JsonNode parameters, Map<String, Tensor> inputs, List<String> outputs,
        Map<String, Boolean> binaryData) {

    public OipInferRequest(String id, JsonNode parameters, Map<String, Tensor> inputs, List<String> outputs) {
        this(id, parameters, inputs, outputs, Map.of());
    }

    /**
     * Whether the output named {@code name} is answered as binary data: its own
     * {@value BinaryTensorExtension#DATA} when given, else the request's
     * {@value BinaryTensorExtension#DATA_OUTPUT}, else not.
     */
    public boolean binaryOutput(String name) {
        Boolean own = binaryData.get(name);
        if (own != null) {
            return own;
        }
        return parameters != null && parameters.path(BinaryTensorExtension.DATA_OUTPUT).asBoolean(false);
    }
}
