package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The alarm limits an endpoint sets for itself; a field left out takes the stage's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmLimitsInfo(Double maxServerErrorRate, Integer maxP99LatencyMs, Double minAccuracy,
        Integer minFeedbackSamples, Integer evaluationPeriods) {
}
