package io.modelfn.admin.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** One audit event: who changed what, from what to what, and why. */
public record AuditEntry(String id, String at, String subject, String action, String actor, JsonNode from, JsonNode to, String reason,
        String requestId) {
}
