package io.modelfn.admin.contract;

import java.util.List;

/** {@code admin/versions/compare}: two versions side by side. */
public record VersionComparison(VersionInfo a, VersionInfo b, List<MetricDelta> metrics, boolean signatureEqual, List<String> differences) {
}
