package io.modelfn.core.prediction;

import io.modelfn.core.registry.ModelVersion;

/**
 * The outcome of resolving a request's endpoint: which version answers, under which variant name.
 */
public record Resolution(String endpoint, String variant, ModelVersion version) {
}
