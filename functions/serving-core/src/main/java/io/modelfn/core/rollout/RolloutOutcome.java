package io.modelfn.core.rollout;

/** What a rollout decision did, for logs, the handler's answer and tests. */
public record RolloutOutcome(String endpoint, Action action, String detail) {

    /** The kinds of decisions. */
    public enum Action {
        STARTED,
        ADVANCED,
        PROMOTED,
        /** A promoted version's watch passed without an alarm. */
        COMPLETED,
        ROLLED_BACK,
        PAUSED,
        RESUMED,
        ABORTED,
        HELD,
        IGNORED,
        ALIAS_RESET,
        ALARMS_DELETED
    }
}
