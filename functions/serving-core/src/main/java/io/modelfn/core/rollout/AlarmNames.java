package io.modelfn.core.rollout;

import io.modelfn.core.registry.Variant;
import java.util.List;
import java.util.Optional;

/**
 * How an endpoint's alarms are named: {@code <prefix><endpoint>-<variant>-<check>}. The CDK app
 * creates them by these names and the rollout step finds an endpoint's alarms by the same rule, so
 * the two cannot drift apart.
 *
 * <p>A name prefix alone does not tell whose an alarm is: {@code <prefix>iris-} also starts the
 * alarms of an endpoint named {@code iris-v2}. {@link #isOf} reads the rest of the name too.
 */
public final class AlarmNames {

    /** The canary's server error rate. */
    public static final String ERROR_RATE = "error-rate";
    /** The canary's p99 latency. */
    public static final String P99_LATENCY = "p99-latency";
    /** The canary's accuracy on ground truth. */
    public static final String ACCURACY = "accuracy";

    private static final List<String> VARIANTS = List.of(Variant.STABLE, Variant.CANARY, Variant.SHADOW);
    /** The checks of the alarms that guard a release ({@link EndpointAlarms#canary}). */
    private static final List<String> RELEASE_CHECKS = List.of(ERROR_RATE, P99_LATENCY, ACCURACY);
    /** The stable variant's checks, which watch a promoted version. */
    private static final List<String> WATCH_CHECKS = List.of(ERROR_RATE, P99_LATENCY);

    private AlarmNames() {
    }

    /** What the names of all of {@code endpoint}'s alarms start with (and maybe other endpoints' too: see {@link #isOf}). */
    public static String endpointPrefix(String prefix, String endpoint) {
        return prefix + endpoint + "-";
    }

    /** What the names of the alarms on one variant of {@code endpoint} start with. */
    public static String variantPrefix(String prefix, String endpoint, String variant) {
        return endpointPrefix(prefix, endpoint) + variant + "-";
    }

    /** The name of one check's alarm on one variant of {@code endpoint}. */
    public static String name(String prefix, String endpoint, String variant, String check) {
        return variantPrefix(prefix, endpoint, variant) + check;
    }

    /**
     * Whether {@code alarmName} is one of {@code endpoint}'s alarms: its prefix, then a variant role
     * ({@code stable}, {@code canary}, {@code shadow}) and any check, so alarms an operator adds by the
     * same rule count too. The alarms of an endpoint whose name extends this one's ({@code iris-v2}
     * for {@code iris}) do not; one named {@code <endpoint>-<role>} still would, so endpoint names
     * should not end in a variant role.
     */
    public static boolean isOf(String alarmName, String prefix, String endpoint) {
        for (String variant : VARIANTS) {
            String variantPrefix = variantPrefix(prefix, endpoint, variant);
            if (alarmName.startsWith(variantPrefix) && alarmName.length() > variantPrefix.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The endpoint whose release {@code alarmName} guards, read back from the name: {@code <prefix>},
     * then a non-empty endpoint, then {@code -canary-} and one of the release checks
     * ({@code error-rate}, {@code p99-latency}, {@code accuracy}), or {@code -stable-} and one of the checks
     * that watch a promotion ({@code error-rate}, {@code p99-latency}), nothing more. Any other name
     * (another stage's, a function's, one an operator added) is empty: it is none of a release's alarms. The check is read from the end, so endpoint names with dashes parse whole.
     */
    public static Optional<String> releaseEndpoint(String alarmName, String prefix) {
        if (!alarmName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = alarmName.substring(prefix.length());
        for (String check : RELEASE_CHECKS) {
            String suffix = "-" + Variant.CANARY + "-" + check;
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                return Optional.of(rest.substring(0, rest.length() - suffix.length()));
            }
        }
        for (String check : WATCH_CHECKS) {
            String suffix = "-" + Variant.STABLE + "-" + check;
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                return Optional.of(rest.substring(0, rest.length() - suffix.length()));
            }
        }
        return Optional.empty();
    }
}
