package io.modelfn.infra.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.AlarmThresholds;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a deployment of modelfn may vary, read from {@code config/<stage>.json} (see
 * {@link SettingsLoader}). Every field is documented in {@code infra-cdk/README.md}; absent fields
 * take the defaults written here, so a config file only says what differs.
 *
 * <p>Immutable; validated on construction, so a typo fails the synth with a message rather than a
 * half-built template.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelfnSettings(
        String stage,
        String region,
        Artifacts artifacts,
        ModelStore modelStore,
        Functions functions,
        Serving serving,
        Api api,
        CodeDeploy codeDeploy,
        List<Endpoint> endpoints,
        Gpu gpu,
        Notifications notifications) {

    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    public ModelfnSettings {
        Objects.requireNonNull(stage, "stage");
        if (!STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("stage '" + stage + "' must be 1-16 lower-case letters, digits or dashes, starting with a letter");
        }
        Objects.requireNonNull(artifacts, "artifacts");
        modelStore = modelStore == null ? ModelStore.defaults() : modelStore;
        functions = functions == null ? Functions.defaults() : functions;
        serving = serving == null ? Serving.defaults() : serving;
        api = api == null ? Api.defaults() : api;
        codeDeploy = codeDeploy == null ? CodeDeploy.defaults() : codeDeploy;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        gpu = gpu == null ? Gpu.defaults() : gpu;
        notifications = notifications == null ? Notifications.defaults() : notifications;
        if (endpoints.stream().map(Endpoint::name).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException("endpoint names must be unique");
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name such as eu-west-1");
        }
        if (gpu.ecs().enabled() && region == null) {
            throw new IllegalArgumentException("gpu.ecs needs 'region': load balancer access-log delivery is regional, "
                    + "so the stacks must know their region at synth");
        }
    }

    /** The region the stacks are pinned to, if any (the account always comes from the deploying credentials). */
    public Optional<String> pinnedRegion() {
        return Optional.ofNullable(region);
    }

    /** Dev stages ({@code dev}, {@code dev-*}) may lose their data on teardown; every other stage keeps it. */
    public boolean isDevStage() {
        return stage.equals("dev") || stage.startsWith("dev-");
    }

    /** {@code modelfn-<stage>}: the prefix of every name this stage gives a resource. */
    public String namePrefix() {
        return "modelfn-" + stage;
    }

    /** Names of this stage's model-rollout alarms start with this; the rollout function reads them by it. */
    public String endpointAlarmPrefix() {
        return namePrefix() + "-endpoint-";
    }

    /** Names of this stage's code-deployment (function alias) alarms start with this. */
    public String functionAlarmPrefix() {
        return namePrefix() + "-function-";
    }

    /** The built zips the functions are deployed from; relative paths are resolved against the config file's folder. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Artifacts(Path apiFunctionZip, Path rolloutFunctionZip, Path onnxRuntimeLayerZip) {
        public Artifacts {
            Objects.requireNonNull(apiFunctionZip, "artifacts.apiFunctionZip");
            Objects.requireNonNull(rolloutFunctionZip, "artifacts.rolloutFunctionZip");
            Objects.requireNonNull(onnxRuntimeLayerZip, "artifacts.onnxRuntimeLayerZip");
        }

        Artifacts resolvedAgainst(Path folder) {
            return new Artifacts(folder.resolve(apiFunctionZip).normalize(), folder.resolve(rolloutFunctionZip).normalize(),
                    folder.resolve(onnxRuntimeLayerZip).normalize());
        }
    }

    /** Where models live: the key prefix in the model bucket and how the bucket is encrypted. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ModelStore(String prefix, Encryption encryption) {
        public ModelStore {
            prefix = prefix == null ? "models/" : prefix;
            encryption = encryption == null ? Encryption.KMS : encryption;
            if (prefix.isEmpty() || !prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("*")) {
                throw new IllegalArgumentException("modelStore.prefix '" + prefix + "' must be a key prefix ending in '/', e.g. models/");
            }
        }

        static ModelStore defaults() {
            return new ModelStore(null, null);
        }

        /** {@code KMS}: a customer-managed key with rotation; {@code S3_MANAGED}: SSE-S3. */
        public enum Encryption { KMS, S3_MANAGED }
    }

    /** Size, timeout, packaging and the deployer's own JVM options of the three functions. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Functions(FunctionSize prediction, FunctionSize admin, FunctionSize rollout, Integer logRetentionDays) {
        public Functions {
            prediction = prediction == null ? new FunctionSize(2048, 30) : prediction;
            admin = admin == null ? new FunctionSize(2048, 60) : admin;
            rollout = rollout == null ? new FunctionSize(512, 60) : rollout;
            logRetentionDays = logRetentionDays == null ? 30 : logRetentionDays;
            LogRetention.of(logRetentionDays);
            if (rollout.packaging().isImage()) {
                throw new IllegalArgumentException("functions.rollout.packaging: the image holds the HTTP application "
                        + "(prediction and admin); the rollout function is deployed from its zip");
            }
        }

        static Functions defaults() {
            return new Functions(null, null, null, null);
        }
    }

    /**
     * Memory (MB, 128..10240), timeout (seconds, 1..900; API Gateway waits at most 30), how the function is
     * packaged ({@link Packaging#zip()} unless said) and the deployer's own JVM options ({@code jvmOptions}, empty
     * unless said): they go into {@code JAVA_TOOL_OPTIONS} after the function's own ({@code ModelFunction.JVM_OPTIONS}),
     * so they win, e.g. {@code -XX:TieredStopAtLevel=4} for full tiering on SnapStart's versions
     * (docs/PERFORMANCE.md, "Full tiering under SnapStart"). Each option is one word starting with {@code -};
     * class-data and AOT cache options are refused: the managed runtime passes {@code -Xshare} itself, with which
     * the JVM refuses {@code -XX:AOTCache} and starts no init at all, and the image brings its own cache.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record FunctionSize(int memoryMb, int timeoutSeconds, Packaging packaging, String jvmOptions) {

        private static final Pattern JVM_OPTION = Pattern.compile("-[A-Za-z0-9:+=._,/%@-]+");
        private static final List<String> ARCHIVE_OPTIONS = List.of("-Xshare", "-XX:AOT", "-XX:SharedArchiveFile",
                "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:SharedClassListFile");
        /** Lambda's variables share 4 KB; the deployer's options get a quarter. */
        private static final int MAX_JVM_OPTIONS = 1024;

        public FunctionSize {
            if (memoryMb < 128 || memoryMb > 10_240) {
                throw new IllegalArgumentException("memoryMb must be 128..10240, was " + memoryMb);
            }
            if (timeoutSeconds < 1 || timeoutSeconds > 900) {
                throw new IllegalArgumentException("timeoutSeconds must be 1..900, was " + timeoutSeconds);
            }
            packaging = packaging == null ? Packaging.zip() : packaging;
            jvmOptions = jvmOptions == null ? "" : String.join(" ", jvmOptions.strip().split("\\s+"));
            checkJvmOptions(jvmOptions);
        }

        public FunctionSize(int memoryMb, int timeoutSeconds, Packaging packaging) {
            this(memoryMb, timeoutSeconds, packaging, null);
        }

        public FunctionSize(int memoryMb, int timeoutSeconds) {
            this(memoryMb, timeoutSeconds, null, null);
        }

        private static void checkJvmOptions(String options) {
            if (options.length() > MAX_JVM_OPTIONS) {
                throw new IllegalArgumentException("jvmOptions may hold at most " + MAX_JVM_OPTIONS + " characters, has "
                        + options.length());
            }
            if (options.isEmpty()) {
                return;
            }
            for (String option : options.split(" ")) {
                if (!JVM_OPTION.matcher(option).matches()) {
                    throw new IllegalArgumentException("jvmOptions: '" + option + "' is not a JVM option (one word "
                            + "starting with '-', without quotes)");
                }
                if (ARCHIVE_OPTIONS.stream().anyMatch(option::startsWith)) {
                    throw new IllegalArgumentException("jvmOptions: '" + option + "' is refused: the managed runtime sets "
                            + "-Xshare itself (the JVM then refuses an AOT cache and no init starts) and the image has its own cache");
                }
            }
        }
    }

    /**
     * How a function is deployed. {@code zip} (the default): the built zip on Lambda's Java runtime with the
     * ONNX Runtime layer and SnapStart. {@code image}: the container image of {@code images/lambda-image} (its
     * own JDK and an AOT cache; SnapStart does not apply to images), pulled from the ECR repository
     * {@code repository} of the deploying account and region at {@code tagOrDigest}; a digest
     * ({@code sha256:...}) pins the image, and so the AOT cache, to what was built and measured.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Packaging(Type type, String repository, String tagOrDigest) {

        private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");
        private static final Pattern TAG_OR_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

        /** {@code ZIP}: function zip, managed runtime, SnapStart; {@code IMAGE}: container image from ECR. */
        public enum Type { ZIP, IMAGE }

        public Packaging {
            type = type == null ? Type.ZIP : type;
            if (type == Type.ZIP && (repository != null || tagOrDigest != null)) {
                throw new IllegalArgumentException("packaging: repository and tagOrDigest belong to type IMAGE only");
            }
            if (type == Type.IMAGE) {
                if (repository == null || !REPOSITORY.matcher(repository).matches() || repository.length() > 256) {
                    throw new IllegalArgumentException("packaging.repository '" + repository + "' must be an ECR repository "
                            + "name such as modelfn/api-lambda");
                }
                if (tagOrDigest == null || !TAG_OR_DIGEST.matcher(tagOrDigest).matches()) {
                    throw new IllegalArgumentException("packaging.tagOrDigest '" + tagOrDigest + "' must be an image tag or a "
                            + "digest sha256:<64 hex digits>");
                }
            }
        }

        public static Packaging zip() {
            return new Packaging(Type.ZIP, null, null);
        }

        public boolean isImage() {
            return type == Type.IMAGE;
        }
    }

    /**
     * How the prediction function serves: the model cache, what it loads at init (the versions the
     * registry routes to unless {@code preloadRouted} is false, and {@code preload} on top), ONNX
     * Runtime threads, the feature-drift alarm's line, and whether prediction requests are traced (spans
     * sent to the X-Ray daemon that active tracing runs beside the function, and to the GPU backends').
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Serving(String cacheMemoryBudget, List<String> preload, Integer onnxIntraOpThreads,
            Double maxFeatureDriftPsi, Boolean preloadRouted, Boolean tracing) {
        private static final Pattern MODEL_VERSION = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._+-]+");
        private static final Pattern MEMORY = Pattern.compile("[0-9]+[KMGkmg]?");

        public Serving {
            cacheMemoryBudget = cacheMemoryBudget == null ? "1G" : cacheMemoryBudget;
            preload = preload == null ? List.of() : List.copyOf(preload);
            preloadRouted = preloadRouted == null || preloadRouted;
            tracing = tracing == null || tracing;
            onnxIntraOpThreads = onnxIntraOpThreads == null ? 0 : onnxIntraOpThreads;
            // 0.25 is the usual line of a significant shift in population stability.
            maxFeatureDriftPsi = maxFeatureDriftPsi == null ? 0.25 : maxFeatureDriftPsi;
            if (!MEMORY.matcher(cacheMemoryBudget).matches()) {
                throw new IllegalArgumentException("serving.cacheMemoryBudget '" + cacheMemoryBudget + "' must look like 512M or 1G");
            }
            for (String entry : preload) {
                if (!MODEL_VERSION.matcher(entry).matches()) {
                    throw new IllegalArgumentException("serving.preload entry '" + entry + "' must be name/version");
                }
            }
            if (onnxIntraOpThreads < 0) {
                throw new IllegalArgumentException("serving.onnxIntraOpThreads must be >= 0");
            }
            if (maxFeatureDriftPsi <= 0) {
                throw new IllegalArgumentException("serving.maxFeatureDriftPsi must be > 0");
            }
        }

        static Serving defaults() {
            return new Serving(null, null, null, null, null, null);
        }
    }

    /** The HTTP API: default-route throttling and the optional JWT authorizer of the prediction routes. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Api(Integer throttleRateLimit, Integer throttleBurstLimit, Jwt jwt) {
        public Api {
            throttleRateLimit = throttleRateLimit == null ? 100 : throttleRateLimit;
            throttleBurstLimit = throttleBurstLimit == null ? 200 : throttleBurstLimit;
            if (throttleRateLimit <= 0 || throttleBurstLimit <= 0) {
                throw new IllegalArgumentException("api.throttleRateLimit and api.throttleBurstLimit must be positive");
            }
        }

        public Optional<Jwt> jwtAuthorizer() {
            return Optional.ofNullable(jwt);
        }

        static Api defaults() {
            return new Api(null, null, null);
        }
    }

    /** A JWT issuer (e.g. a Cognito user pool URL) and the audiences (client ids) it must name. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Jwt(String issuer, List<String> audience) {
        public Jwt {
            if (issuer == null || !issuer.startsWith("https://")) {
                throw new IllegalArgumentException("api.jwt.issuer must be an https:// URL");
            }
            if (audience == null || audience.isEmpty()) {
                throw new IllegalArgumentException("api.jwt.audience must name at least one audience");
            }
            audience = List.copyOf(audience);
        }
    }

    /** Code deployments of the functions: the CodeDeploy traffic-shifting config and the alias alarms. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record CodeDeploy(String deploymentConfig, Integer errorsThreshold, Integer p99DurationMs,
            Double maxServerErrorRate) {
        public CodeDeploy {
            deploymentConfig = deploymentConfig == null ? "CANARY_10PERCENT_5MINUTES" : deploymentConfig;
            errorsThreshold = errorsThreshold == null ? 1 : errorsThreshold;
            p99DurationMs = p99DurationMs == null ? 10_000 : p99DurationMs;
            maxServerErrorRate = maxServerErrorRate == null ? 0.05 : maxServerErrorRate;
            if (maxServerErrorRate <= 0 || maxServerErrorRate >= 1) {
                throw new IllegalArgumentException("codeDeploy.maxServerErrorRate must be in (0, 1)");
            }
        }

        static CodeDeploy defaults() {
            return new CodeDeploy(null, null, null, null);
        }
    }

    /**
     * A registry endpoint watched by rollout alarms and shown on the dashboard: the thresholds past
     * which its canary is rolled back.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Endpoint(String name, List<String> variants, Double maxServerErrorRate, Integer maxP99LatencyMs,
            Double minAccuracy, Integer minFeedbackSamples, Integer evaluationPeriods) {
        private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

        public Endpoint {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("endpoint name '" + name + "' must be lower-case letters, digits or dashes");
            }
            variants = variants == null ? List.of(Variant.STABLE, Variant.CANARY) : List.copyOf(variants);
            // The same defaults as endpoints created at runtime get (AlarmThresholds, serving-core).
            maxServerErrorRate = maxServerErrorRate == null ? AlarmThresholds.DEFAULT_MAX_SERVER_ERROR_RATE : maxServerErrorRate;
            maxP99LatencyMs = maxP99LatencyMs == null ? AlarmThresholds.DEFAULT_MAX_P99_LATENCY_MS : maxP99LatencyMs;
            minAccuracy = minAccuracy == null ? AlarmThresholds.DEFAULT_MIN_ACCURACY : minAccuracy;
            minFeedbackSamples = minFeedbackSamples == null ? AlarmThresholds.DEFAULT_MIN_FEEDBACK_SAMPLES : minFeedbackSamples;
            evaluationPeriods = evaluationPeriods == null ? AlarmThresholds.DEFAULT_EVALUATION_PERIODS : evaluationPeriods;
            if (maxServerErrorRate <= 0 || maxServerErrorRate >= 1) {
                throw new IllegalArgumentException("endpoint " + name + ": maxServerErrorRate must be in (0, 1)");
            }
            if (minAccuracy <= 0 || minAccuracy > 1) {
                throw new IllegalArgumentException("endpoint " + name + ": minAccuracy must be in (0, 1]");
            }
            if (maxP99LatencyMs <= 0 || minFeedbackSamples < 1 || evaluationPeriods < 1) {
                throw new IllegalArgumentException("endpoint " + name + ": maxP99LatencyMs, minFeedbackSamples and evaluationPeriods must be positive");
            }
        }

        /** The limits its alarms hold the endpoint's variants to. */
        public AlarmThresholds alarmThresholds() {
            return new AlarmThresholds(maxServerErrorRate, maxP99LatencyMs, minAccuracy, minFeedbackSamples, evaluationPeriods);
        }
    }

    /** The GPU container alternatives (both off unless enabled), running the api container image. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Gpu(String imageUri, String invocationsEndpoint, SageMaker sagemaker, Ecs ecs) {
        public Gpu {
            sagemaker = sagemaker == null ? SageMaker.defaults() : sagemaker;
            ecs = ecs == null ? Ecs.defaults() : ecs;
            if ((sagemaker.enabled() || ecs.enabled()) && (imageUri == null || imageUri.isBlank())) {
                throw new IllegalArgumentException("gpu.imageUri is required when a GPU backend is enabled");
            }
        }

        public boolean anyEnabled() {
            return sagemaker.enabled() || ecs.enabled();
        }

        static Gpu defaults() {
            return new Gpu(null, null, null, null);
        }
    }

    /** A SageMaker real-time endpoint on GPU instances, scaled on invocations per instance. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record SageMaker(boolean enabled, String instanceType, Integer minInstances, Integer maxInstances,
            Integer invocationsPerInstanceTarget) {
        public SageMaker {
            instanceType = instanceType == null ? "ml.g5.xlarge" : instanceType;
            minInstances = minInstances == null ? 1 : minInstances;
            maxInstances = maxInstances == null ? 2 : maxInstances;
            invocationsPerInstanceTarget = invocationsPerInstanceTarget == null ? 100 : invocationsPerInstanceTarget;
            if (!instanceType.startsWith("ml.")) {
                throw new IllegalArgumentException("gpu.sagemaker.instanceType must be a SageMaker type such as ml.g5.xlarge");
            }
            if (minInstances < 1 || maxInstances < minInstances || invocationsPerInstanceTarget < 1) {
                throw new IllegalArgumentException("gpu.sagemaker: need 1 <= minInstances <= maxInstances and a positive target");
            }
        }

        static SageMaker defaults() {
            return new SageMaker(false, null, null, null, null);
        }
    }

    /** An ECS service on GPU EC2 instances behind an internal load balancer. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Ecs(boolean enabled, String instanceType, Integer gpuCount, Integer cpu, Integer memoryMiB,
            Integer minTasks, Integer maxTasks) {
        public Ecs {
            instanceType = instanceType == null ? "g5.xlarge" : instanceType;
            gpuCount = gpuCount == null ? 1 : gpuCount;
            cpu = cpu == null ? 3072 : cpu;
            memoryMiB = memoryMiB == null ? 12_288 : memoryMiB;
            minTasks = minTasks == null ? 1 : minTasks;
            maxTasks = maxTasks == null ? 2 : maxTasks;
            if (instanceType.startsWith("ml.")) {
                throw new IllegalArgumentException("gpu.ecs.instanceType must be an EC2 type such as g5.xlarge");
            }
            if (gpuCount < 1 || cpu < 256 || memoryMiB < 512 || minTasks < 1 || maxTasks < minTasks) {
                throw new IllegalArgumentException("gpu.ecs: gpuCount >= 1, cpu >= 256, memoryMiB >= 512, 1 <= minTasks <= maxTasks");
            }
        }

        static Ecs defaults() {
            return new Ecs(false, null, null, null, null, null, null);
        }
    }

    /** This settings object with artifact paths resolved against {@code folder}. */
    ModelfnSettings withArtifactsResolvedAgainst(Path folder) {
        return new ModelfnSettings(stage, region, artifacts.resolvedAgainst(folder), modelStore, functions, serving, api, codeDeploy,
                endpoints, gpu, notifications);
    }

    /**
     * Who is told of alarms and rollbacks: every alarm and every rollback goes to the stage's
     * encrypted topic; {@code email}, if set, is subscribed to it (the address confirms by mail).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Notifications(String email) {
        private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        public Notifications {
            if (email != null && !EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("notifications.email '" + email + "' is not an e-mail address");
            }
        }

        static Notifications defaults() {
            return new Notifications(null);
        }

        public Optional<String> emailAddress() {
            return Optional.ofNullable(email);
        }
    }
}
