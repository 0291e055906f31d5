package io.modelfn.core.admin;

import io.modelfn.core.registry.write.VersionRecord;

/**
 * A version that did not pass the validation gate; it is stored as FAILED with the reasons, and the
 * caller gets HTTP 422 with the report.
 */
public class ValidationFailedException extends RuntimeException {

    private final VersionRecord version;
    private final ValidationReport report;

    public ValidationFailedException(VersionRecord version, ValidationReport report) {
        super(version.version().key() + " failed validation: " + report.failures());
        this.version = version;
        this.report = report;
    }

    public VersionRecord version() {
        return version;
    }

    public ValidationReport report() {
        return report;
    }
}
