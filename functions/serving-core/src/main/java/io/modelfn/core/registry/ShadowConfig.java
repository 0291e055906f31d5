package io.modelfn.core.registry;

import io.modelfn.core.model.ModelKey;
import java.util.Objects;

/**
 * A version that receives a sampled copy of an endpoint's traffic; its answers are compared with the
 * served ones and never returned.
 *
 * @param sampleRate share of requests copied, in basis points
 */
public record ShadowConfig(ModelKey model, int sampleRate) {

    public ShadowConfig {
        Objects.requireNonNull(model, "model");
        if (sampleRate < 0 || sampleRate > Variant.TOTAL_WEIGHT) {
            throw new IllegalArgumentException("shadow sample rate must be 0..10000 basis points");
        }
    }
}
