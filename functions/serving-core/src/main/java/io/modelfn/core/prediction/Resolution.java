package io.modelfn.core.prediction;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.registry.ModelVersion;

/**
 * The outcome of resolving a request's endpoint: which version answers, under which variant name,
 * the shadow version that gets a copy of this request (sampled), if any, where it runs, and whether
 * the endpoint keeps answers for repeated inputs.
 */
public record Resolution(String endpoint, String variant, ModelVersion version, ModelVersion shadow, Backend backend,
        boolean resultCache) {

    public Resolution {
        backend = backend == null ? Backend.IN_PROCESS : backend;
    }

    public Resolution(String endpoint, String variant, ModelVersion version, ModelVersion shadow, Backend backend) {
        this(endpoint, variant, version, shadow, backend, false);
    }

    public Resolution(String endpoint, String variant, ModelVersion version, ModelVersion shadow) {
        this(endpoint, variant, version, shadow, Backend.IN_PROCESS);
    }

    public Resolution(String endpoint, String variant, ModelVersion version) {
        this(endpoint, variant, version, null, Backend.IN_PROCESS);
    }

    /** The same resolution run in this process (a backend serving a forwarded request). */
    public Resolution inProcess() {
        return backend.remote() ? new Resolution(endpoint, variant, version, shadow, Backend.IN_PROCESS, resultCache)
                : this;
    }
}
