package io.modelfn.core.rollout;

import java.time.Instant;
import java.util.List;

/**
 * Port: what the rollout needs to know about a canary's health, read from CloudWatch in AWS and
 * from fakes in tests. Implementations are thread-safe; failures throw, and the step waits.
 */
public interface CanarySignals {

    /** Requests the endpoint's canary served in {@code [from, to)}. */
    long canaryRequests(String endpoint, Instant from, Instant to);

    /** Names of the endpoint's alarms that are in ALARM now. */
    List<String> alarmsFiring(String endpoint);
}
