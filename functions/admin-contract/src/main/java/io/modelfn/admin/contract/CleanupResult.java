package io.modelfn.admin.contract;

import java.util.List;

/** {@code admin/cleanup}: what was deleted (or would be, on a dry run) and kept. */
public record CleanupResult(List<String> deleted, List<String> kept, boolean dryRun) {
}
