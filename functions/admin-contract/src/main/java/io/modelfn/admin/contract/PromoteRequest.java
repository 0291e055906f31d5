package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/versions/promote}: a version to production; {@code alias} defaults to {@code production}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromoteRequest(String model, String version, String alias, String reason) {

    public PromoteRequest {
        Require.text(model, "model");
        Require.text(version, "version");
    }
}
