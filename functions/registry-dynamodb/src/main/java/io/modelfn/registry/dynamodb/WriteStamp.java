package io.modelfn.registry.dynamodb;

import java.time.Instant;
import java.util.Objects;

/**
 * Who wrote a registry item, when, and the revision the write gives it. Every change bumps the
 * revision; writers make their writes conditional on the revision they read.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param by the principal (an operator, {@code seed}, {@code rollout})
 */
public record WriteStamp(String by, long revision, Instant at) {

    public WriteStamp {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        if (revision < 1) {
            throw new IllegalArgumentException("revisions start at 1, was " + revision);
        }
    }

    /** The stamp of an item's first write. */
    public static WriteStamp first(String by, Instant at) {
        return new WriteStamp(by, 1, at);
    }
}
