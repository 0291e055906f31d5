package io.modelfn.api.config;

import io.quarkus.runtime.configuration.MemorySize;
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

    ResultCacheConfig resultCache();

    Batching batching();

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

        /** Model versions ({@code name/version}) loaded at start-up, before the function takes traffic. */
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

        /** The header whose value keeps a caller on the same variant. */
        @WithDefault("X-ModelFn-Routing-Key")
        String routingKeyHeader();
    }

    /** Metrics output. */
    interface Metrics {
        /** Write one CloudWatch embedded-metric-format record per prediction to stdout. */
        @WithDefault("true")
        boolean emf();
    }

    /** AWS clients. */
    interface Aws {
        /** Region; from the Lambda environment ({@code AWS_REGION}) when absent. */
        Optional<String> region();

        /** Endpoint override for DynamoDB (local emulators only). */
        Optional<String> dynamodbEndpoint();

        /** Endpoint override for S3 (local emulators only). */
        Optional<String> s3Endpoint();

        /** Endpoint override for the SageMaker runtime (local stubs only). */
        Optional<String> sagemakerRuntimeEndpoint();

        /** Timeout of one AWS call. */
        @WithDefault("3s")
        Duration apiCallTimeout();
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
    }

    /** Ground-truth feedback. */
    interface Feedback {
        /** The feedback counters' table (the prediction function may write there, never to the registry). */
        @WithDefault("modelfn-feedback")
        String table();
    }

    /** Input drift against the training distribution (tabular models whose card has feature statistics). */
    interface Drift {
        /** How often each instance reports the population stability index of every feature. */
        @WithDefault("60s")
        Duration reportInterval();

        /** Rows an instance must have seen for a version before it reports (fewer give noisy PSI). */
        @WithDefault("100")
        long minSamples();
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
}
