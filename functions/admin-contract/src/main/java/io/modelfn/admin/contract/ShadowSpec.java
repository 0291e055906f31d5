package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A shadow asked for: a version and the share of requests copied to it, in basis points. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowSpec(String model, String version, Integer sampleRate) {

    public ShadowSpec {
        Require.text(model, "model");
        Require.text(version, "version");
    }
}
