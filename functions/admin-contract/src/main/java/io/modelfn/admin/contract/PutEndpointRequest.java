package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code admin/endpoints/put}: an endpoint created ({@code revision} 0 or absent) or updated; what an update leaves out stays. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PutEndpointRequest(String endpoint, List<VariantSpec> variants, ShadowSpec shadow, String stickySalt, String backend,
        Boolean resultCache, Long revision, String reason) {

    public PutEndpointRequest {
        Require.text(endpoint, "endpoint");
        if (variants == null) {
            throw new InvalidAdminCallException("'variants' must be an array of {name, model, version, weight}");
        }
        Require.revision(revision);
    }
}
