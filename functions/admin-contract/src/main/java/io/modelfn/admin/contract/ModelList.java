package io.modelfn.admin.contract;

import java.util.List;

/** {@code admin/models}: every model. */
public record ModelList(List<ModelSummary> models) {
}
