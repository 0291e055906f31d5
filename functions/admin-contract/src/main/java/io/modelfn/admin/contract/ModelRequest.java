package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/models/describe}: one model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRequest(String model) {

    public ModelRequest {
        Require.text(model, "model");
    }
}
