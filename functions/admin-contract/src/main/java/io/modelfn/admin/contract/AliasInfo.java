package io.modelfn.admin.contract;

/** Where an alias points, and where it pointed before. */
public record AliasInfo(String model, String alias, String version, String previousVersion, long revision,
        String updatedAt, String updatedBy) {
}
