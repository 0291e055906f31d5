package io.modelfn.core.registry.write;

import java.time.Instant;
import java.util.Objects;

/**
 * A named pointer to one version of a model (e.g. {@code production} → {@code 1.1.0}) and the
 * version it pointed at before, so a rollback knows where to go.
 *
 * @param previousVersion the version before the last change, or null
 * @param revision increases with every write; 0 for an alias not yet stored
 */
public record AliasRecord(String model, String alias, String version, String previousVersion, long revision,
        Instant updatedAt, String updatedBy) {

    public AliasRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(version, "version");
    }
}
