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
 */
public record OipInferRequest(String id, JsonNode parameters, Map<String, Tensor> inputs, List<String> outputs) {
}
