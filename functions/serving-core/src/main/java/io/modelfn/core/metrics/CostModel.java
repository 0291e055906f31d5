package io.modelfn.core.metrics;

/** What a request cost in compute, for the {@code EstimatedCost} metric. */
@FunctionalInterface
public interface CostModel {

    /** Nothing is estimated (outside Lambda). */
    CostModel NONE = latencyMs -> -1;

    /** Dollars for a request that took {@code latencyMs} in the function, or a negative value when unknown. */
    double estimate(double latencyMs);
}
