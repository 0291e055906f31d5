package io.modelfn.core.registry.write;

import java.time.Instant;
import java.util.Objects;

/**
 * One move of an alias (a promotion, a rollback, an operator's {@code aliases set}), written in the
 * same transaction as the move itself.
 *
 * @param previousVersion the version the alias named before, or null when the move created it
 * @param at when the move was committed
 * @param actor who moved it ({@link Change#actor()})
 * @param reason why ({@link Change#reason()}), empty when none was given
 * @param id unique per move; moves of the same millisecond sort by it (the id of the move's audit event)
 */
public record AliasMove(String model, String alias, String version, String previousVersion, Instant at, String actor,
        String reason, String id) {

    public AliasMove {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(id, "id");
        reason = reason == null ? "" : reason;
    }
}
