package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/aliases/set}: an alias to a validated version; {@code revision} 0 or absent creates it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetAliasRequest(String model, String alias, String version, Long revision, String reason) {

    public SetAliasRequest {
        Require.text(model, "model");
        Require.text(alias, "alias");
        Require.text(version, "version");
        Require.revision(revision);
    }
}
