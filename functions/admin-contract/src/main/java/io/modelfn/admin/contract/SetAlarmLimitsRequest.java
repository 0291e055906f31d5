package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code admin/endpoints/alarm-limits}: the limits of the alarms made for an endpoint's releases. A
 * limit left out takes the stage's default; none at all: the stage's defaults throughout.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetAlarmLimitsRequest(String endpoint, Double maxServerErrorRate, Integer maxP99LatencyMs,
        Double minAccuracy, Integer minFeedbackSamples, Integer evaluationPeriods, Long revision, String reason) {

    public SetAlarmLimitsRequest {
        Require.text(endpoint, "endpoint");
        Require.revision(revision);
    }
}
