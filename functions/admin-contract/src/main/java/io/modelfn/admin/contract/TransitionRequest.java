package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/versions/transition}: a version to another lifecycle state; {@code revision} 0 or absent: the current one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransitionRequest(String model, String version, String state, Long revision, String reason) {

    public TransitionRequest {
        Require.text(model, "model");
        Require.text(version, "version");
        Require.text(state, "state");
        Require.revision(revision);
    }
}
