package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/versions/describe} and {@code admin/uploads/prepare}: one version of a model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionRequest(String model, String version) {

    public VersionRequest {
        Require.text(model, "model");
        Require.text(version, "version");
    }
}
