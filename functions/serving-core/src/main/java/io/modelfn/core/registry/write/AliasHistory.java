package io.modelfn.core.registry.write;

import java.util.List;

/**
 * One page of an alias's moves, newest first.
 *
 * @param next pass it as {@code after} to read the next (older) page; null when this page is the last
 */
public record AliasHistory(List<AliasMove> moves, String next) {

    public AliasHistory {
        moves = List.copyOf(moves);
    }
}
