package io.modelfn.admin.contract;

import java.util.Map;

/** A model and where it stands. */
public record ModelSummary(String name, int versions, String production, Map<String, String> aliases) {
}
