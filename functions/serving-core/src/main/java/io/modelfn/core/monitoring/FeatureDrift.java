package io.modelfn.core.monitoring;

import io.modelfn.core.model.ModelKey;

/** The PSI of one feature of one version over one window, and the rows it was computed from. */
public record FeatureDrift(ModelKey version, String feature, double psi, long rows) {
}
