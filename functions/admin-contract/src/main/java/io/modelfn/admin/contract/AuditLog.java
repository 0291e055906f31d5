package io.modelfn.admin.contract;

import java.util.List;

/** {@code admin/audit}: events, newest first. */
public record AuditLog(List<AuditEntry> events) {
}
