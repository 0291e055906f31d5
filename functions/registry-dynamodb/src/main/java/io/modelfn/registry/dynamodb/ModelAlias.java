package io.modelfn.registry.dynamodb;

import java.util.Objects;

/**
 * A named pointer to one version of a model (e.g. {@code production} → {@code 1.1.0}), with the
 * version it pointed at before, so a rollback knows where to go.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param previousVersion the version before the last change, or null
 */
public record ModelAlias(String model, String alias, String version, String previousVersion) {

    public ModelAlias {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(version, "version");
    }

    public static ModelAlias of(String model, String alias, String version) {
        return new ModelAlias(model, alias, version, null);
    }
}
