package io.modelfn.core.alarms;

import io.modelfn.core.metrics.MetricsContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of the alarms on a function's code releases that read our own metrics: the
 * server-error rate of one published version, from the {@code ServerErrors} and {@code Requests}
 * the function emits on the dimension set {@code [Function, FunctionVersion]}. Lambda counts a 500
 * answer as a successful invocation, so its {@code Errors} metric never sees them. Stateless.
 */
public final class FunctionAlarms {

    /** Judged per minute, on one period: a deployment's canary lasts minutes. */
    public static final int PERIOD_SECONDS = 60;

    private FunctionAlarms() {
    }

    /**
     * The server-error rate of {@code version} of {@code function}, above {@code maxServerErrorRate}
     * in one minute. Its action is CodeDeploy's (it rolls the deployment back) and people's.
     */
    public static AlarmDefinition serverErrorRate(String name, String function, String version, double maxServerErrorRate) {
        return new AlarmDefinition(name, "Server error rate (5xx answers) of the deployed version of " + function
                + ": rolls a code deployment back",
                List.of(metric("errors", MetricsContract.SERVER_ERRORS, function, version),
                        metric("requests", MetricsContract.REQUESTS, function, version)),
                "IF(requests > 0, errors / requests, 0)", "server error rate of the deployed version", maxServerErrorRate,
                Comparison.GREATER_THAN_THRESHOLD, 1, 1, MissingData.NOT_BREACHING, AlarmAction.NOTIFY);
    }

    private static AlarmMetric metric(String id, String metricName, String function, String version) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(MetricsContract.FUNCTION, function);
        dimensions.put(MetricsContract.FUNCTION_VERSION, version);
        return new AlarmMetric(id, MetricsContract.NAMESPACE, metricName, dimensions, "Sum", PERIOD_SECONDS);
    }
}
