package io.modelfn.core.prediction;

import io.modelfn.core.registry.ModelVersion;

/**
 * The outcome of resolving a request's endpoint: which version answers, under which variant name,
 * and the shadow version that gets a copy of this request (sampled), if any.
 */
public record Resolution(String endpoint, String variant, ModelVersion version, ModelVersion shadow) {

    public Resolution(String endpoint, String variant, ModelVersion version) {
        this(endpoint, variant, version, null);
    }
}
