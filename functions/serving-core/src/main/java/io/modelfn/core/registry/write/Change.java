package io.modelfn.core.registry.write;

import java.util.Objects;

/**
 * Who makes a registry change and why, carried into its audit event.
 *
 * @param actor the caller (IAM principal ARN, local token user, {@code rollout} for automatic actions)
 * @param reason free text the operator gave, or what the automation saw (e.g. the alarm and its reason)
 * @param idempotencyKey the caller's key for safe retries, or null; a retry with the same key returns
 *     the first result and changes nothing
 * @param requestId correlates the event with logs and traces
 */
public record Change(String actor, String reason, String idempotencyKey, String requestId) {

    public Change {
        Objects.requireNonNull(actor, "actor");
        reason = reason == null ? "" : reason;
    }

    public static Change by(String actor, String reason) {
        return new Change(actor, reason, null, null);
    }

    public Change withIdempotencyKey(String key) {
        return new Change(actor, reason, key, requestId);
    }
}
