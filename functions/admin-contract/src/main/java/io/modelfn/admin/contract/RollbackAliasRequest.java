package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/aliases/rollback}: an alias back to the version it pointed at before. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackAliasRequest(String model, String alias, String reason) {

    public RollbackAliasRequest {
        Require.text(model, "model");
        Require.text(alias, "alias");
    }
}
