package io.modelfn.admin.contract;

/** The details of a refused registration or validation (422): the version as stored, FAILED, and the report. */
public record ValidationFailure(VersionInfo version, ValidationResult validation) {
}
