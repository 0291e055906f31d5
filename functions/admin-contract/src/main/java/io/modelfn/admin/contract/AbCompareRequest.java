package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/ab/compare}: an endpoint (its stable and canary, or two heaviest variants) or a model's versions {@code a} and {@code b}; {@code effect} is the smallest difference worth detecting. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AbCompareRequest(String endpoint, String model, String a, String b, Double effect) {

    public AbCompareRequest {
        if (endpoint == null && (model == null || a == null || b == null)) {
            throw new InvalidAdminCallException("give 'endpoint', or 'model' with versions 'a' and 'b'");
        }
    }
}
