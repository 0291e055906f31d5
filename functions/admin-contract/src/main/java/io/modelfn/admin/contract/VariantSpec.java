package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A variant asked for: a name, a version and a weight in basis points. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariantSpec(String name, String model, String version, Integer weight) {

    public VariantSpec {
        Require.text(name, "name");
        Require.text(model, "model");
        Require.text(version, "version");
    }
}
