package io.modelfn.admin.contract;

import java.util.List;

/**
 * A rollout in progress (or stopped) on an endpoint. {@code watchSeconds}: how long the promoted version is watched;
 * {@code replaced}: the version its promotion replaced (null before promotion, or without a watch).
 */
public record RolloutInfo(String canary, String state, List<Integer> steps, int step, int weight, long bakeSeconds, long minRequests,
        String alias, String stepStartedAt, String reason, long watchSeconds, String replaced) {
}
