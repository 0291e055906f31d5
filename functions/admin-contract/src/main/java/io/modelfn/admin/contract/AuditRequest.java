package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code admin/audit}: the audit trail of {@code endpoint:<name>} or {@code model:<name>}, newest first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRequest(String subject, Integer limit) {

    public AuditRequest {
        Require.text(subject, "subject");
    }
}
