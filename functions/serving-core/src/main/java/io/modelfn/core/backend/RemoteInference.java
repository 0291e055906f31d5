package io.modelfn.core.backend;

import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.tracing.TraceContext;
import java.util.List;
import java.util.Map;

/**
 * Runs a model version on a remote backend. The caller has routed and validated the request; the
 * backend runs exactly the version given. Implementations keep a deadline and throw
 * {@link BackendTimeoutException}, {@link BackendRejectedException} or {@link BackendFailureException}.
 * Thread-safe.
 */
public interface RemoteInference {

    /**
     * @param outputs the outputs wanted; empty for all
     * @param requestId passed on so the backend's logs join the caller's, or null
     * @param trace the forwarding span, which the backend's spans continue (W3C {@code traceparent},
     *     X-Ray's header), or null when this request is not traced
     * @return output tensors by name
     */
    Map<String, Tensor> infer(Backend backend, ModelVersion version, Map<String, Tensor> inputs, List<String> outputs,
            String requestId, TraceContext trace);
}
