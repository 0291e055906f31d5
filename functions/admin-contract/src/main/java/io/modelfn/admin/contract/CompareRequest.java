package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/versions/compare}: two versions of one model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompareRequest(String model, String a, String b) {

    public CompareRequest {
        Require.text(model, "model");
        Require.text(a, "a");
        Require.text(b, "b");
    }
}
