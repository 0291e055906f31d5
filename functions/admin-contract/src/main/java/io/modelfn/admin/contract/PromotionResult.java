package io.modelfn.admin.contract;

/** {@code admin/versions/promote}: the version, its alias, and the version demoted from production (or null). */
public record PromotionResult(VersionInfo version, AliasInfo alias, String demoted) {
}
