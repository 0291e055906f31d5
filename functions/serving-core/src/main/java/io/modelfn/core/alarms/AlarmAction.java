package io.modelfn.core.alarms;

/**
 * What an alarm does when it fires. Where the actions go (the rollout function, the notification
 * topic) is the renderer's to fill in: CDK from the constructs it wires, the runtime from its
 * configuration.
 */
public enum AlarmAction {
    /** Calls the rollout function, which rolls the release back, and notifies people. */
    ROLL_BACK,
    /** Only notifies people (the stable variant's alarms: there is nothing to roll back to). */
    NOTIFY
}
