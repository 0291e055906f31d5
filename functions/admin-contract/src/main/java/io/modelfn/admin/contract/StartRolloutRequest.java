package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code admin/rollouts/start}: a canary version and its steps (basis points, the last 10000), bake time, minimum
 * requests per step, the alias to move at the end, and how long the promoted version is watched (default 1800 s;
 * 0: the rollout completes at promotion).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartRolloutRequest(String endpoint, String version, List<Integer> steps, Long bakeSeconds, Long minRequests, String alias,
        String reason, Long watchSeconds) {

    public StartRolloutRequest {
        if (steps == null || steps.isEmpty()) {
            throw new InvalidAdminCallException("'steps' must list the canary weights in basis points, e.g. [500, 2500, 5000, 10000]");
        }
        if (steps.contains(null)) {
            throw new InvalidAdminCallException("'steps' must be integers (basis points)");
        }
        if (bakeSeconds != null && bakeSeconds < 0 || minRequests != null && minRequests < 0
                || watchSeconds != null && watchSeconds < 0) {
            throw new InvalidAdminCallException("'bakeSeconds', 'minRequests' and 'watchSeconds' cannot be negative");
        }
        Require.text(endpoint, "endpoint");
        Require.text(version, "version");
    }
}
