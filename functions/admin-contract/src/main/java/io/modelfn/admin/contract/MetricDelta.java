package io.modelfn.admin.contract;

/** One metric of two versions; {@code a} or {@code b} is null when only one version has it. */
public record MetricDelta(String name, Double a, Double b, Double delta) {
}
