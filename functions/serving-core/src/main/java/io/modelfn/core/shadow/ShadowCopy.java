package io.modelfn.core.shadow;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * One sampled copy of a served request: what the comparison with the shadow version needs, and
 * nothing of the caller's transport.
 *
 * @param endpoint the endpoint that served the request
 * @param shadow the endpoint's shadow version, which runs the copy
 * @param inputs the request's decoded inputs, as the served version read them
 * @param served the outputs of the served answer
 * @param backend where the endpoint's models run (the shadow runs there too)
 * @param requestId the served request's id, so a comparison can be traced back to it
 * @param revision the endpoint's registry revision when the request was served; -1 when unknown
 */
public record ShadowCopy(String endpoint, ModelVersion shadow, Map<String, Tensor> inputs, Map<String, Tensor> served,
        Backend backend, String requestId, long revision) {

    public ShadowCopy {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(shadow, "shadow");
        inputs = Map.copyOf(inputs);
        served = Map.copyOf(served);
        backend = backend == null ? Backend.IN_PROCESS : backend;
    }
}
