package io.modelfn.core.metrics;

import java.util.List;

/**
 * The metrics contract, in one place: the namespace, metric names, units and dimension sets that
 * the functions emit (as CloudWatch embedded metric format records) and that the CDK alarms and
 * dashboards read. The infrastructure imports these constants; a test proves the templates use them.
 */
public final class MetricsContract {

    public static final String NAMESPACE = "ModelFn";

    // Dimensions
    public static final String ENDPOINT = "Endpoint";
    public static final String VARIANT = "Variant";
    public static final String MODEL = "Model";
    public static final String VERSION = "Version";

    /** Per endpoint and variant: what rollout alarms watch. */
    public static final List<String> BY_ENDPOINT_VARIANT = List.of(ENDPOINT, VARIANT);
    /** Per endpoint, model and version: what dashboards compare. */
    public static final List<String> BY_ENDPOINT_MODEL_VERSION = List.of(ENDPOINT, MODEL, VERSION);
    /** Per endpoint. */
    public static final List<String> BY_ENDPOINT = List.of(ENDPOINT);
    /** Per model version and input feature: what drift alarms watch. */
    public static final String FEATURE = "Feature";
    public static final List<String> BY_MODEL_VERSION_FEATURE = List.of(MODEL, VERSION, FEATURE);
    /** The index of a bin of a feature's training profile ({@code 0} to the card's edge count). */
    public static final String BIN = "Bin";
    /**
     * Per model version, input feature and bin: the served rows counted into each bin, emitted with
     * each request and summed by CloudWatch over every execution environment.
     */
    public static final List<String> BY_MODEL_VERSION_FEATURE_BIN = List.of(MODEL, VERSION, FEATURE, BIN);
    /** Where an environment's registry snapshot came from ({@code registry-table} or {@code snapshot-object}). */
    public static final String REGISTRY_SOURCE = "RegistrySource";
    /** Per registry source: the registry snapshot's health. */
    public static final List<String> BY_REGISTRY_SOURCE = List.of(REGISTRY_SOURCE);
    /** The Lambda function that served ({@code AWS_LAMBDA_FUNCTION_NAME}; {@code none} off Lambda). */
    public static final String FUNCTION = "Function";
    /** The published function version that served ({@code AWS_LAMBDA_FUNCTION_VERSION}; {@code none} off Lambda). */
    public static final String FUNCTION_VERSION = "FunctionVersion";
    /**
     * Per function and function version: what a code deployment's alarms watch, so a new version's
     * 500 answers are told apart from the old one's while CodeDeploy shifts the alias.
     */
    public static final List<String> BY_FUNCTION_VERSION = List.of(FUNCTION, FUNCTION_VERSION);
    public static final List<List<String>> DIMENSION_SETS =
            List.of(BY_ENDPOINT_VARIANT, BY_ENDPOINT_MODEL_VERSION, BY_ENDPOINT, BY_FUNCTION_VERSION);

    // Metrics
    public static final String REQUESTS = "Requests";
    public static final String CLIENT_ERRORS = "ClientErrors";
    public static final String SERVER_ERRORS = "ServerErrors";
    /** The whole request inside the function, milliseconds. */
    public static final String LATENCY = "Latency";
    /** The model's inference call alone, milliseconds. */
    public static final String INFERENCE_LATENCY = "InferenceLatency";
    public static final String MODEL_LOAD_TIME = "ModelLoadTime";
    public static final String CACHE_HIT = "CacheHit";
    public static final String CACHE_MISS = "CacheMiss";
    /** An answer repeated from the result cache of an endpoint that keeps answers (1), or computed (0). */
    public static final String RESULT_CACHE_HIT = "ResultCacheHit";
    public static final String COLD_START = "ColdStart";
    /** A shadow copy handed on to be compared (variant {@code shadow}). */
    public static final String SHADOW_REQUESTS = "ShadowRequests";
    /** A shadow copy not handed on: over the event size limit, no room, or the hand-off failed. */
    public static final String SHADOW_SKIPPED = "ShadowSkipped";
    /** A shadow copy run and compared with the served answer. */
    public static final String SHADOW_COMPARED = "ShadowCompared";
    /** Of a compared copy: 1 when the shadow's answer differs from the served one, else 0. */
    public static final String SHADOW_DISAGREEMENT = "ShadowDisagreement";
    /** A shadow copy handed on whose shadow could not run (any reason). */
    public static final String SHADOW_FAILED = "ShadowFailed";
    public static final String FEEDBACK_CORRECT = "FeedbackCorrect";
    public static final String FEEDBACK_INCORRECT = "FeedbackIncorrect";
    /** Absolute error of a regression's prediction against the reported true value. */
    public static final String FEEDBACK_ABSOLUTE_ERROR = "FeedbackAbsoluteError";
    /**
     * Population stability index of one input feature against the training distribution (drift),
     * computed by the rollout function from the {@link #FEATURE_BIN_COUNT} sums of a window.
     */
    public static final String FEATURE_DRIFT_PSI = "FeatureDriftPSI";
    /** Served input rows whose value of a feature fell into a bin (unit Count; read as Sum). */
    public static final String FEATURE_BIN_COUNT = "FeatureBinCount";
    /** What a request cost in compute: billed duration × memory × price per GB-second, in US dollars. */
    public static final String ESTIMATED_COST = "EstimatedCost";

    /** How old an environment's registry snapshot is (since last read or confirmed current), per refresh. */
    public static final String REGISTRY_SNAPSHOT_AGE = "RegistrySnapshotAge";
    /** A registry change committed whose snapshot object could not be written (the repair rewrites it). */
    public static final String REGISTRY_SNAPSHOT_WRITE_FAILURES = "RegistrySnapshotWriteFailures";

    // Units (CloudWatch's names)
    public static final String COUNT = "Count";
    public static final String MILLISECONDS = "Milliseconds";
    public static final String SECONDS = "Seconds";
    public static final String NONE_UNIT = "None";

    /** Values that stand in for a dimension the request never reached (bounded cardinality). */
    public static final String UNKNOWN = "unknown";
    public static final String NONE = "none";

    private MetricsContract() {
    }
}
