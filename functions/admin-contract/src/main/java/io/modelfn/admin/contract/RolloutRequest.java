package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/rollouts/pause}, {@code resume} and {@code abort}: the endpoint whose rollout changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutRequest(String endpoint, String reason) {

    public RolloutRequest {
        Require.text(endpoint, "endpoint");
    }
}
