package io.modelfn.admin.contract;

/** One move of an alias: the version it pointed at from then, the one before (null when created), when, who and why. */
public record AliasMoveInfo(String version, String previousVersion, String at, String actor, String reason) {
}
