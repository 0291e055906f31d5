package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** {@code admin/endpoints/weights}: the weights of every variant of an endpoint, in basis points. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetWeightsRequest(String endpoint, Map<String, Integer> weights, Long revision, String reason) {

    public SetWeightsRequest {
        Require.text(endpoint, "endpoint");
        if (weights == null) {
            throw new InvalidAdminCallException("'weights' must be an object of variant name to basis points");
        }
        Require.revision(revision);
    }
}
