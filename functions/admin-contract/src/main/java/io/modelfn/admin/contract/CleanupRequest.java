package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/cleanup}: all but the newest {@code keep} versions go, unless used; {@code dryRun} only tells. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanupRequest(String model, Integer keep, Boolean dryRun, String reason) {

    public CleanupRequest {
        Require.text(model, "model");
    }
}
