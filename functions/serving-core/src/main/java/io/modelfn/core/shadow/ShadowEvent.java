package io.modelfn.core.shadow;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/**
 * A shadow copy as it travels between invocations ({@link ShadowEventJson}): the shadow version is named
 * by its key, and the receiving side takes the version itself from its own registry snapshot.
 */
public record ShadowEvent(String endpoint, ModelKey shadow, Map<String, Tensor> inputs, Map<String, Tensor> served,
        Backend backend, String requestId, long revision) {

    public ShadowEvent {
        inputs = Map.copyOf(inputs);
        served = Map.copyOf(served);
    }

    /** The event of a copy. */
    public static ShadowEvent of(ShadowCopy copy) {
        return new ShadowEvent(copy.endpoint(), copy.shadow().key(), copy.inputs(), copy.served(), copy.backend(),
                copy.requestId(), copy.revision());
    }

    /** The copy again, with the registered version the event names. */
    public ShadowCopy copyFor(ModelVersion version) {
        if (!version.key().equals(shadow)) {
            throw new IllegalArgumentException("the event names " + shadow + ", not " + version.key());
        }
        return new ShadowCopy(endpoint, version, inputs, served, backend, requestId, revision);
    }
}
