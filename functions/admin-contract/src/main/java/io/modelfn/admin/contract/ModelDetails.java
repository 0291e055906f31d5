package io.modelfn.admin.contract;

import java.util.List;

/** {@code admin/models/describe}: a model's versions, aliases and the endpoints that use it. */
public record ModelDetails(String name, List<VersionInfo> versions, List<AliasInfo> aliases, List<String> endpoints) {
}
