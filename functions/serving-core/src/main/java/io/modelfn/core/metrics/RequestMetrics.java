package io.modelfn.core.metrics;

/**
 * What one request did, for one metrics record.
 *
 * @param endpoint the endpoint served, or {@link MetricsContract#UNKNOWN} when it did not resolve
 * @param variant the variant that answered, or {@link MetricsContract#NONE}
 * @param status the HTTP status returned
 * @param latencyMs the whole request in the function
 * @param inferenceMs the inference call, or a negative value when none ran
 * @param cacheHit 1 hit, 0 miss, -1 when no model was needed
 * @param modelLoadMs the load this request waited for, or a negative value
 * @param coldStart whether this was the first request of the process
 * @param requestId correlates the record with logs and traces
 * @param estimatedCost the request's compute cost in US dollars, or a negative value when unknown
 * @param resultCacheHit 1 answered from the result cache, 0 computed and kept, -1 when the endpoint
 *     keeps no answers
 */
public record RequestMetrics(
        String endpoint,
        String variant,
        String model,
        String version,
        int status,
        double latencyMs,
        double inferenceMs,
        int cacheHit,
        double modelLoadMs,
        boolean coldStart,
        String requestId,
        double estimatedCost,
        int resultCacheHit) {

    /** A record of an endpoint that keeps no answers. */
    public RequestMetrics(String endpoint, String variant, String model, String version, int status, double latencyMs,
            double inferenceMs, int cacheHit, double modelLoadMs, boolean coldStart, String requestId,
            double estimatedCost) {
        this(endpoint, variant, model, version, status, latencyMs, inferenceMs, cacheHit, modelLoadMs, coldStart,
                requestId, estimatedCost, -1);
    }

    /** A record without a cost estimate. */
    public RequestMetrics(String endpoint, String variant, String model, String version, int status, double latencyMs,
            double inferenceMs, int cacheHit, double modelLoadMs, boolean coldStart, String requestId) {
        this(endpoint, variant, model, version, status, latencyMs, inferenceMs, cacheHit, modelLoadMs, coldStart,
                requestId, -1, -1);
    }
}
