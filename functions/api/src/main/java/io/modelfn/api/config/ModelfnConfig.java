package io.modelfn.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.modelfn.core.registry.SnapshotObjectKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one typed configuration of modelfn's HTTP application ({@code modelfn.*}). In AWS every value
 * comes from environment variables set by the CDK app ({@code MODELFN_REGISTRY_TABLE}...); no table,
 * bucket or function name is written in code.
 */
@ConfigMapping(prefix = "modelfn")
public interface ModelfnConfig {

    Registry registry();

    Store store();

    Cache cache();

    Onnx onnx();

    Http http();

    Metrics metrics();

    Aws aws();

    SageMaker sagemaker();

    Admin admin();

    Feedback feedback();

    Drift drift();

    Cost cost();

    Serving serving();

    Backend backend();

    Placement placement();

    Priming priming();

    Lambda lambda();

    ResultCacheConfig resultCache();

    Batching batching();

    Shadow shadow();

    Tracing tracing();

    /** The model registry (DynamoDB) and its in-memory snapshot. */
    interface Registry {
        /** The registry table's name. */
        @WithDefault("modelfn-registry")
        String table();

        /** How often the snapshot is re-read in the background. */
        @WithDefault("5s")
        Duration refreshInterval();

        /** How old the last good snapshot may get while DynamoDB fails before requests get 503. */
        @WithDefault("15m")
        Duration stalenessCap();

        /** Snapshot age past which a request re-reads the registry first (after a frozen Lambda thaws). */
        @WithDefault("30s")
        Duration syncRefreshAfter();

        /**
         * The key of the registry's snapshot object in the model bucket ({@code modelfn.store.bucket}): the
         * admin side writes it after every change, and an environment that starts while the table cannot
         * be read serves from it. Used only with the S3 store.
         */
        @WithDefault(SnapshotObjectKey.DEFAULT)
        String snapshotKey();

        /** How long after a registry change a full read of the table's index is trusted to include it. */
        @WithDefault("2s")
        Duration changeSettle();
    }

    /** Where model artifacts are read from. */
    interface Store {
        /** {@code s3} or {@code local}. */
        @WithDefault("s3")
        String type();

        /** The model bucket (s3). */
        Optional<String> bucket();

        /** The key prefix models live under in the bucket (s3). */
        @WithDefault("models/")
        String prefix();

        /** The folder models live in (local). */
        @WithDefault("models")
        String localRoot();

        /**
         * Model files that came with the deployment ({@code <dir>/<name>/<version>/model.onnx}): the
         * {@code layers/models} Lambda layer, or a folder in a container image. A version is loaded from
         * there in place when its size and sha256 are the registry's, else from the store. Ignored when
         * the folder does not exist.
         */
        @WithDefault("/opt/models")
        String bundledDir();
    }

    /** The warm model cache. */
    interface Cache {
        /** Each version is written to {@code <dir>/<name>/<version>/model.onnx}. */
        @WithDefault("/tmp/modelfn-models")
        String dir();

        /** Estimated memory loaded models may hold together; least recently used ones are evicted past it. */
        @WithDefault("1G")
        MemorySize memoryBudget();

        /** How long a request waits for a cold load before it gets 503 (the load goes on). */
        @WithDefault("25s")
        Duration loadTimeout();

        /** How long a failed load is remembered before it is tried again. */
        @WithDefault("5s")
        Duration failureBackoff();

        @WithDefault("2")
        int loaderThreads();

        /**
         * Whether the versions the registry routes traffic to in this function (weighted variants and
         * sampled shadows, most traffic first, within the memory budget) are loaded at start-up and
         * primed before a SnapStart snapshot.
         */
        @WithDefault("true")
        boolean preloadRouted();

        /** Model versions ({@code name/version}) loaded at start-up on top of the routed ones. */
        Optional<List<String>> preload();
    }

    /** ONNX Runtime session options. */
    interface Onnx {
        /** Threads per operator; 0 lets ONNX Runtime use one per core. */
        @WithDefault("0")
        int intraOpThreads();

        @WithDefault("1")
        int interOpThreads();

        /** none, basic, extended or all. */
        @WithDefault("all")
        String optimizationLevel();

        /** Create sessions on CUDA (needs the GPU image). */
        @WithDefault("false")
        boolean gpu();

        /**
         * Start ONNX Runtime (load its native libraries) at start-up, and fail the start when it cannot
         * run: a Lambda environment without the runtime layer then fails its init instead of answering
         * 503 to every request. Off only where no model is ever served in-process.
         */
        @WithDefault("true")
        boolean requireAtStart();
    }

    /** Request handling. */
    interface Http {
        /** Largest request body accepted; larger ones get 413. */
        @WithDefault("5M")
        MemorySize maxBodySize();

        /**
         * How long a request body may take to arrive, from the request's first byte to its last. A
         * body still incomplete after this gets 408 and its connection is closed, so a slow or
         * stalled client never holds a worker. Model uploads ({@code /admin/uploads/...}) are exempt.
         */
        @WithDefault("10s")
        Duration bodyReadTimeout();

        /** Longest request target (path and query) accepted; longer ones get 414. */
        @WithDefault("4096")
        int maxUriLength();

        /** Largest total size of the request headers (names and values) accepted; larger get 431. */
        @WithDefault("16K")
        MemorySize maxHeaderSize();

        /**
         * Share of successful prediction requests (0 to 1) that get a request log line; every failed one
         * (status 400 and up) gets one. Off by default: a line per success is a log write per request.
         */
        @WithDefault("0")
        double requestLogSampleRate();

        /** The header whose value keeps a caller on the same variant. */
        @WithDefault("X-ModelFn-Routing-Key")
        String routingKeyHeader();

        /**
         * Serve the inference protocol's {@code infer} on a Vert.x route that takes the body the HTTP layer
         * read on the event loop and runs small calls there (see {@link #inferEventLoopMicros()}), others on
         * the inference workers. Off: the JAX-RS resource serves it on a worker thread, as it documents it.
         */
        @WithDefault("true")
        boolean inferRoute();

        /**
         * Calls to a target (an endpoint, or a pinned version) whose measured time (moving average over warm
         * calls: decode, inference, encode) is under this many microseconds run on the event loop; longer
         * ones, and targets not measured yet, on the inference workers. 0: every call on the workers.
         */
        @WithDefault("200")
        long inferEventLoopMicros();

        /** Threads that run prediction calls off the event loop. */
        @WithDefault("16")
        int inferWorkers();

        /** Calls that may wait for an inference worker; past that a call is answered 503 at once. */
        @WithDefault("256")
        int inferQueue();
    }

    /** Metrics output. */
    interface Metrics {
        /** Write CloudWatch embedded-metric-format records of the predictions served to stdout. */
        @WithDefault("true")
        boolean emf();

        /**
         * How often the request metrics kept in memory are written out as aggregated EMF records (also at
         * shutdown). Zero: nothing is kept; each record is written as it is made.
         */
        @WithDefault("10s")
        Duration flushInterval();

        /**
         * The host flushes after each invocation, before its answer is posted, and no timer runs (set by
         * the prediction function's Lambda handler, {@code MetricsFlushing.PER_INVOCATION}).
         */
        @WithDefault("false")
        boolean flushPerInvocation();
    }

    /** AWS clients. */
    interface Aws {
        /** Region; from the Lambda environment ({@code AWS_REGION}) when absent. */
        Optional<String> region();

        /** Endpoint override for DynamoDB (local emulators only). */
        Optional<String> dynamodbEndpoint();

        /** Endpoint override for S3 (local emulators only). */
        Optional<String> s3Endpoint();

        /** Endpoint override for Secrets Manager (local emulators only). */
        Optional<String> secretsmanagerEndpoint();

        /** Endpoint override for the SageMaker runtime (local stubs only). */
        Optional<String> sagemakerRuntimeEndpoint();

        /**
         * Endpoint override for Lambda (emulators and test harnesses only; the SDK also reads
         * {@code AWS_ENDPOINT_URL_LAMBDA} itself).
         */
        Optional<String> lambdaEndpoint();

        /** Timeout of one AWS call. */
        @WithDefault("3s")
        Duration apiCallTimeout();

        /**
         * Whether the prediction function (admin off) reads the registry, downloads models and reads its token keys
         * with the lean clients (aws-lean: the SDK's model classes without its client runtime) where the environment
         * gives them a region and credentials (Lambda, ECS); else, or with false, with the SDK's clients.
         */
        @WithDefault("true")
        boolean leanClients();
    }

    /** The admin API ({@code /admin/...}): off in the prediction deployment. */
    interface Admin {
        /** Whether the admin functions answer at all; the prediction function runs with false. */
        @WithDefault("false")
        boolean enabled();

        /**
         * {@code token}: a bearer token ({@link #token()}), for the local runner. {@code iam}: API Gateway
         * authorises with IAM (SigV4) and the caller's IAM identity must be present in the event.
         */
        @WithDefault("iam")
        String auth();

        /** The bearer token of {@code token} auth; admin calls are refused while it is unset. */
        Optional<String> token();

        /** Where artifacts are downloaded for validation. */
        @WithDefault("/tmp/modelfn-admin")
        String workDir();

        /** The base URL clients reach this server at, for upload tickets of the local store. */
        @WithDefault("http://localhost:8080")
        String publicUrl();

        /**
         * Endpoints named in the stage settings ({@code MODELFN_ADMIN_STACK_ENDPOINTS}): their stack made
         * their alarms, so alarm limits set on one are stored but do not change its alarms (the answer says so).
         */
        Optional<List<String>> stackEndpoints();
    }

    /** Ground-truth feedback. */
    interface Feedback {
        /** The feedback counters' table (the prediction function may write there, never to the registry). */
        @WithDefault("modelfn-feedback")
        String table();

        /**
         * The Secrets Manager secret (name or ARN) whose value is the prediction token keys,
         * {@code id:base64key[,id:base64key...]} current first; read once at start-up. Set by the CDK app.
         */
        Optional<String> tokenKeysSecret();

        /** The prediction token keys themselves, in the secret's form (tests, the local runner). */
        Optional<String> tokenKeys();

        /**
         * With neither of the above, sign with a key made at start-up. Only for one process (the local
         * runner): another instance, or this one after a restart, refuses its tokens.
         */
        @WithDefault("false")
        boolean tokenKeyPerProcess();

        /** How long after its prediction a prediction token is accepted with feedback. */
        @WithDefault("7d")
        Duration tokenMaxAge();
    }

    /** Input drift against the training distribution (tabular models whose card has feature statistics). */
    interface Drift {
        /**
         * Whether each prediction of such a model emits its rows per bin of each feature
         * ({@code FeatureBinCount}), from which the rollout function computes drift.
         */
        @WithDefault("true")
        boolean featureBins();
    }

    /** The EstimatedCost metric: billed duration × memory × price, plus the price of a request. */
    interface Cost {
        /** US dollars per GB-second (Lambda x86_64 list price). */
        @WithDefault("0.0000166667")
        double pricePerGbSecond();

        /** US dollars per request. */
        @WithDefault("0.0000002")
        double pricePerRequest();

        /** The function's memory; on Lambda read from AWS_LAMBDA_FUNCTION_MEMORY_SIZE. No memory, no cost metric. */
        Optional<Integer> memoryMb();
    }

    /** What the serving path may do beyond serving. */
    interface Serving {
        /**
         * Mark a version FAILED in the registry when its artifact is refused at load (tampered, truncated,
         * not ONNX, external data). Off by default: the prediction function has a read-only role on the
         * registry; the local runner turns it on.
         */
        @WithDefault("false")
        boolean markFailedArtifacts();
    }

    /** The SageMaker container contract. */
    interface SageMaker {
        /** The endpoint {@code POST /invocations} serves unless the request names one. */
        Optional<String> endpoint();
    }

    /** Remote backends ({@code sagemaker:<endpoint>}, {@code http:<url>}) that endpoints may name. */
    interface Backend {
        /**
         * Forward requests of endpoints with a remote backend. A backend (the api container) runs with
         * false: it serves whatever it is sent and never forwards again.
         */
        @WithDefault("true")
        boolean forward();

        /** How long a forwarded request may take in all, below API Gateway's 30 s. */
        @WithDefault("25s")
        Duration timeout();

        /** How long connecting to an HTTP backend may take. */
        @WithDefault("2s")
        Duration connectTimeout();
    }

    /**
     * Priming: one real request per pinned model through the whole prediction path (decode, route,
     * infer, encode), so that class loading, JIT and ONNX Runtime's first run happen before traffic.
     * On Lambda with SnapStart ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) it runs before the
     * snapshot, whatever this says.
     */
    interface Priming {
        /** Also prime at start-up (containers, the local runner, measurements); readiness waits for it. */
        @WithDefault("false")
        boolean atStart();
    }

    /** The prediction function on AWS Lambda (read by its handler only). */
    interface Lambda {
        /**
         * Whether an API Gateway event for the inference protocol's {@code infer} is served straight from the
         * event, without Quarkus's HTTP bridge (same checks, answers, headers, metrics and logs); off: every
         * event goes through the bridge. The Lambda package turns it on.
         */
        @WithDefault("false")
        boolean directInfer();
    }

    /**
     * What the prediction function can hold, for the admin API's placement check: endpoints served
     * in the function refuse versions beyond it and are advised to use a remote backend.
     */
    interface Placement {
        /** Disk for cached artifacts: Lambda's /tmp holds 512 MB with SnapStart. */
        @WithDefault("512M")
        MemorySize modelDisk();

        /** Memory for loaded models; the prediction function's cache memory budget when absent. */
        Optional<MemorySize> modelMemory();
    }

    /** Answers kept for endpoints that opt in ({@code resultCache} on the endpoint), shared by all of them. */
    interface ResultCacheConfig {
        /** Most answers kept. */
        @WithDefault("10000")
        int maxEntries();

        /** Most bytes of kept outputs; an answer over a quarter of it is never kept. */
        @WithDefault("64M")
        MemorySize maxBytes();
    }

    /**
     * Dynamic micro-batching of concurrent requests to one version (container mode): off on Lambda, where
     * one instance serves one request at a time.
     */
    interface Batching {
        @WithDefault("false")
        boolean enabled();

        /** Most rows in one inference call. */
        @WithDefault("64")
        int maxBatchRows();

        /** How long a request waits for company before it runs; 0 batches only what queued meanwhile. */
        @WithDefault("0ms")
        Duration maxDelay();

        /**
         * Versions whose one-request inference call (the fastest of their first 16, timed) takes less
         * than this many microseconds run every request alone: joining requests costs more than it
         * saves for them (docs/PERFORMANCE.md, "Micro-batching"). 0 batches every version.
         */
        @WithDefault("100")
        long minCallMicros();
    }

    /**
     * Where sampled shadow copies are compared. {@code in-process}: on a small pool of this process, for
     * processes that keep running after they answer (containers, the local runner). {@code lambda}: each copy
     * is the event of an asynchronous invocation of this same function (its alias), sent before the
     * invocation that served the request returns; a frozen or recycled environment loses nothing.
     */
    interface Shadow {
        /** {@code in-process} or {@code lambda} (the Lambda package sets it). */
        @WithDefault("in-process")
        String dispatch();

        /** Threads of the in-process pool (low priority). */
        @WithDefault("2")
        int threads();

        /** Copies waiting for the in-process pool; more are skipped ({@code ShadowSkipped}). */
        @WithDefault("64")
        int queue();

        /** The function that compares copies: this one ({@code AWS_LAMBDA_FUNCTION_NAME} on Lambda). */
        Optional<String> functionName();

        /** Its alias (the CDK app sets the one it routes to), else the version this environment runs. */
        Optional<String> qualifier();

        /**
         * The largest event sent; a larger copy is skipped ({@code ShadowSkipped}). Lambda's limit for an
         * asynchronous invocation's payload is 1 MB (Invoke API reference).
         */
        @WithDefault("1M")
        MemorySize maxEventSize();

        /** How long the hand-off to Lambda may take on the caller's path, retries included. */
        @WithDefault("500ms")
        Duration invokeTimeout();
    }

    /**
     * Tracing: a span per prediction request with children for routing, a wait for a model load,
     * inference and a forward to a remote backend, sent as X-Ray segment documents to the X-Ray daemon
     * over UDP; W3C {@code traceparent} and X-Ray's header go on to remote backends. Spans are recorded
     * only where a daemon is named: on Lambda with active tracing, the runtime names its own
     * ({@code AWS_XRAY_DAEMON_ADDRESS}, mapped to this in each runtime's properties).
     */
    interface Tracing {
        /** The off switch ({@code MODELFN_TRACING_ENABLED=false}): no spans, no trace headers read or sent. */
        @WithDefault("true")
        boolean enabled();

        /** The X-Ray daemon: {@code host:port}, or {@code tcp:host:port udp:host:port}; none: tracing off. */
        Optional<String> daemonAddress();

        /** The name of the segment a container's request becomes (on Lambda, a subsegment of the function's). */
        @WithDefault("modelfn")
        String serviceName();
    }
}
