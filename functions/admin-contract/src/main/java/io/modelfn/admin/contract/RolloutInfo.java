package io.modelfn.admin.contract;

import java.util.List;

/** A rollout in progress (or stopped) on an endpoint. */
public record RolloutInfo(String canary, String state, List<Integer> steps, int step, int weight, long bakeSeconds, long minRequests,
        String alias, String stepStartedAt, String reason) {
}
