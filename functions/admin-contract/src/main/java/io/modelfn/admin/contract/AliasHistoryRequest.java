package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code admin/aliases/history}: where an alias pointed, newest move first; {@code limit} moves a page
 * (1 to 100, default 20), {@code after} the previous page's {@code next}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AliasHistoryRequest(String model, String alias, Integer limit, String after) {

    public AliasHistoryRequest {
        Require.text(model, "model");
        Require.text(alias, "alias");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new InvalidAdminCallException("'limit' must be 1 to 100");
        }
    }
}
