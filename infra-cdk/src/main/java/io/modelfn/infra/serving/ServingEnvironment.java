package io.modelfn.infra.serving;

import io.modelfn.core.registry.SnapshotObjectKey;
import io.modelfn.infra.config.ModelfnSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;

/**
 * The environment of each runtime, from the settings: the {@code MODELFN_*} variables Quarkus maps
 * onto {@code modelfn.*} (see {@code ModelfnConfig} in functions/api and {@code RolloutConfig} in
 * functions/rollout). Table and bucket names are passed in (CloudFormation tokens at synth time).
 * Sorted maps, so templates do not depend on hash order.
 */
public final class ServingEnvironment {

    /** Where the warm model cache writes artifacts; Lambda's /tmp (512 MB with SnapStart). */
    public static final String CACHE_DIR = "/tmp/modelfn-models";

    private ServingEnvironment() {
    }

    /** The names of the registry and feedback tables. */
    public record Tables(String registry, String feedback) {
    }

    /** Seconds a forwarded request leaves the prediction function to answer 504 before Lambda's timeout. */
    public static final int BACKEND_TIMEOUT_MARGIN_SECONDS = 5;

    /**
     * The prediction function: admin off, pinned models pre-loaded before the SnapStart snapshot, and
     * requests forwarded to a remote backend ({@code sagemaker:}, {@code http:}) given up a little
     * before the function's own timeout, so the caller gets a 504 rather than a killed invocation. It alone
     * reads the prediction token keys ({@code tokenKeysSecret}, the secret's ARN): it signs answers and checks
     * feedback; the GPU backends behind it answer without tokens.
     */
    public static Map<String, String> prediction(ModelfnSettings settings, Tables tables, String bucketName,
            String tokenKeysSecret) {
        Map<String, String> env = predictionServing(settings, tables, bucketName);
        env.put("MODELFN_FEEDBACK_TOKEN_KEYS_SECRET", tokenKeysSecret);
        env.put("MODELFN_BACKEND_TIMEOUT", backendTimeoutSeconds(settings.functions().prediction().timeoutSeconds()) + "s");
        // Shadow copies go to the alias callers use (ShadowSelfInvocation grants exactly that).
        env.put(ShadowSelfInvocation.QUALIFIER_VARIABLE, ModelFunction.ALIAS);
        return withJvmOptions(env, settings.functions().prediction());
    }

    /** {@code timeoutSeconds} less {@value #BACKEND_TIMEOUT_MARGIN_SECONDS}, at least 1. */
    public static int backendTimeoutSeconds(int timeoutSeconds) {
        return Math.max(1, timeoutSeconds - BACKEND_TIMEOUT_MARGIN_SECONDS);
    }

    /**
     * The admin function: the same application with the admin API on, authorised by IAM at API Gateway;
     * it is told which endpoints the stage settings name (their alarms are the stack's, whatever limits an
     * operator sets on them, and its answer says so).
     */
    public static Map<String, String> admin(ModelfnSettings settings, Tables tables, String bucketName) {
        Map<String, String> env = http(settings, tables, bucketName, true);
        settings.endpoints().stream().map(ModelfnSettings.Endpoint::name).reduce((a, b) -> a + "," + b)
                .ifPresent(names -> env.put("MODELFN_ADMIN_STACK_ENDPOINTS", names));
        return withJvmOptions(env, settings.functions().admin());
    }

    /**
     * The rollout function: the registry, the bucket of the registry's snapshot object, its alarms' name
     * prefix, the functions whose aliases it may reset, and how often it computes drift (the drift
     * alarm's period, so each period has a datapoint).
     */
    public static Map<String, String> rollout(ModelfnSettings settings, String tableName, String bucketName,
            List<String> aliasTargets, Duration driftEvery, String rollbackActionArn, String notifyTopicArn) {
        Map<String, String> env = new TreeMap<>();
        env.put("MODELFN_REGISTRY_TABLE", tableName);
        env.put("MODELFN_REGISTRY_SNAPSHOT_BUCKET", bucketName);
        env.put("MODELFN_REGISTRY_SNAPSHOT_KEY", SnapshotObjectKey.DEFAULT);
        env.put("MODELFN_ROLLOUT_ALARM_PREFIX", settings.endpointAlarmPrefix());
        env.put("MODELFN_ROLLOUT_FUNCTIONS", String.join(",", aliasTargets));
        // The stack made these endpoints' alarms; the function makes (and removes) those of every other release.
        settings.endpoints().stream().map(ModelfnSettings.Endpoint::name).reduce((a, b) -> a + "," + b)
                .ifPresent(names -> env.put("MODELFN_ROLLOUT_STACK_ENDPOINTS", names));
        env.put("MODELFN_ROLLOUT_ROLLBACK_ACTION_ARN", rollbackActionArn);
        env.put("MODELFN_ROLLOUT_NOTIFY_TOPIC_ARN", notifyTopicArn);
        env.put("MODELFN_DRIFT_EVERY", driftEvery.toMinutes().intValue() + "m");
        return withJvmOptions(env, settings.functions().rollout());
    }

    /**
     * {@code env} with the deployer's own JVM options ({@code functions.<name>.jvmOptions}) in {@code JAVA_TOOL_OPTIONS},
     * where {@link ModelFunction} puts its own ({@link ModelFunction#JVM_OPTIONS}) before them, so theirs win.
     */
    private static Map<String, String> withJvmOptions(Map<String, String> env, ModelfnSettings.FunctionSize function) {
        if (!function.jvmOptions().isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", function.jvmOptions());
        }
        return env;
    }

    /**
     * The api container on a GPU (SageMaker or ECS): the prediction environment with CUDA sessions,
     * the region spelled out (no Lambda runtime to provide it), and telemetry opt-outs (Lambda
     * functions get those from {@link ModelFunction}).
     */
    public static Map<String, String> gpuContainer(ModelfnSettings settings, Tables tables, String bucketName,
            String region) {
        // A backend never forwards (its image runs with modelfn.backend.forward=false): no backend timeout here.
        Map<String, String> env = predictionServing(settings, tables, bucketName);
        env.put("MODELFN_ONNX_GPU", "true");
        env.put("MODELFN_AWS_REGION", region);
        if (settings.gpu().invocationsEndpoint() != null) {
            env.put("MODELFN_SAGEMAKER_ENDPOINT", settings.gpu().invocationsEndpoint());
        }
        env.putAll(ModelFunction.TELEMETRY_OPT_OUTS);
        return env;
    }

    /**
     * What the prediction function and the GPU containers share: admin off, what is loaded at init, and
     * tracing's off switch (on, spans go to the X-Ray daemon the platform names in AWS_XRAY_DAEMON_ADDRESS).
     */
    private static Map<String, String> predictionServing(ModelfnSettings settings, Tables tables, String bucketName) {
        Map<String, String> env = http(settings, tables, bucketName, false);
        env.put("MODELFN_TRACING_ENABLED", Boolean.toString(settings.serving().tracing()));
        env.put("MODELFN_CACHE_PRELOAD_ROUTED", Boolean.toString(settings.serving().preloadRouted()));
        if (!settings.serving().preload().isEmpty()) {
            env.put("MODELFN_CACHE_PRELOAD", String.join(",", settings.serving().preload()));
        }
        return env;
    }

    private static Map<String, String> http(ModelfnSettings settings, Tables tables, String bucketName, boolean admin) {
        Map<String, String> env = new TreeMap<>();
        env.put("MODELFN_REGISTRY_TABLE", tables.registry());
        env.put("MODELFN_FEEDBACK_TABLE", tables.feedback());
        env.put("MODELFN_STORE_TYPE", "s3");
        env.put("MODELFN_STORE_BUCKET", bucketName);
        env.put("MODELFN_STORE_PREFIX", settings.modelStore().prefix());
        env.put("MODELFN_REGISTRY_SNAPSHOT_KEY", SnapshotObjectKey.DEFAULT);
        env.put("MODELFN_CACHE_DIR", CACHE_DIR);
        env.put("MODELFN_CACHE_MEMORY_BUDGET", settings.serving().cacheMemoryBudget());
        env.put("MODELFN_ONNX_INTRA_OP_THREADS", Integer.toString(settings.serving().onnxIntraOpThreads()));
        env.put("MODELFN_METRICS_EMF", "true");
        env.put("MODELFN_ADMIN_ENABLED", Boolean.toString(admin));
        env.put("MODELFN_ADMIN_AUTH", "iam");
        return env;
    }
}
