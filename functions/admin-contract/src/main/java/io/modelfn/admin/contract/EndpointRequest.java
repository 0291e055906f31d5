package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/endpoints/describe}: one endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointRequest(String endpoint) {

    public EndpointRequest {
        Require.text(endpoint, "endpoint");
    }
}
