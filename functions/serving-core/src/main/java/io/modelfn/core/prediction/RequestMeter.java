package io.modelfn.core.prediction;

import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;

/**
 * What one served request did, gathered as it goes through {@link PredictionService#serve}, for its
 * one metrics record. Until the request names a registered endpoint its record says
 * {@link MetricsContract#UNKNOWN}, so request paths cannot mint metric dimensions; once routed, a
 * failure counts for the chosen variant, so a failing canary's errors reach the canary's alarms.
 */
final class RequestMeter {

    private final CallContext call;
    private final boolean coldStart;
    private String endpoint;
    private Resolution resolution;
    private Prediction prediction;
    private int status = 200;

    RequestMeter(CallContext call, boolean coldStart) {
        this.call = call;
        this.coldStart = coldStart;
    }

    void named(String registeredEndpoint) {
        if (registeredEndpoint != null) {
            endpoint = registeredEndpoint;
        }
    }

    void routed(Resolution routed) {
        resolution = routed;
        endpoint = routed.endpoint();
    }

    void answered(Prediction answer) {
        prediction = answer;
    }

    void failed(int failureStatus) {
        status = failureStatus;
        prediction = null;
    }

    RequestMetrics record(CostModel cost) {
        double latencyMs = (System.nanoTime() - call.startedNanos()) / 1e6;
        double dollars = cost.estimate(latencyMs);
        if (prediction != null) {
            // A model ran here unless a backend ran it or the answer was kept from an earlier request.
            boolean ranHere = !prediction.remote() && prediction.resultCacheHit() != 1;
            return new RequestMetrics(prediction.endpoint(), prediction.variant(), prediction.version().key().name(),
                    prediction.version().key().version(), status, latencyMs,
                    prediction.resultCacheHit() == 1 ? -1 : prediction.inferenceNanos() / 1e6,
                    ranHere ? (prediction.cacheHit() ? 1 : 0) : -1,
                    ranHere && !prediction.cacheHit() ? prediction.modelLoadMillis() : -1, coldStart, call.requestId(),
                    dollars, prediction.resultCacheHit());
        }
        if (resolution != null) {
            return new RequestMetrics(resolution.endpoint(), resolution.variant(), resolution.version().key().name(),
                    resolution.version().key().version(), status, latencyMs, -1, -1, -1, coldStart, call.requestId(),
                    dollars);
        }
        return new RequestMetrics(endpoint != null ? endpoint : MetricsContract.UNKNOWN, MetricsContract.NONE,
                MetricsContract.NONE, MetricsContract.NONE, status, latencyMs, -1, -1, -1, coldStart, call.requestId(),
                dollars);
    }
}
