package io.modelfn.core.alarms;

/**
 * What an alarm does when it fires. Where the actions go (the rollout function, the notification
 * topic) is the renderer's to fill in: CDK from the constructs it wires, the runtime from its
 * configuration.
 */
public enum AlarmAction {
    /**
     * Calls the rollout function, which rolls back what the alarm guards (a canary; a promotion under
     * its watch), and notifies people.
     */
    ROLL_BACK,
    /** Only notifies people (a function's own alarms: CodeDeploy, not the rollout function, acts on them). */
    NOTIFY
}
