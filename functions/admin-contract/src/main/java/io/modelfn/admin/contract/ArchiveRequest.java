package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/versions/archive}: a version no alias or endpoint uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchiveRequest(String model, String version, String reason) {

    public ArchiveRequest {
        Require.text(model, "model");
        Require.text(version, "version");
    }
}
