package io.modelfn.core.rollout;

/**
 * How an endpoint's alarms are named: {@code <prefix><endpoint>-<variant>-<check>}. The CDK app
 * creates them by these names and the rollout step finds an endpoint's alarms by the same prefix,
 * so the two cannot drift apart.
 */
public final class AlarmNames {

    private AlarmNames() {
    }

    /** What the names of all of {@code endpoint}'s alarms start with. */
    public static String endpointPrefix(String prefix, String endpoint) {
        return prefix + endpoint + "-";
    }

    /** What the names of the alarms on one variant of {@code endpoint} start with. */
    public static String variantPrefix(String prefix, String endpoint, String variant) {
        return endpointPrefix(prefix, endpoint) + variant + "-";
    }
}
