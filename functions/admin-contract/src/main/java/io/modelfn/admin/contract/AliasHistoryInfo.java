package io.modelfn.admin.contract;

import java.util.List;

/** An alias's moves, newest first; {@code next} reads the older ones (null on the last page). */
public record AliasHistoryInfo(String model, String alias, List<AliasMoveInfo> moves, String next) {
}
