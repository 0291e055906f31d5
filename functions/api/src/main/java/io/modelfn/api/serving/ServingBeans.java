package io.modelfn.api.serving;

import io.modelfn.api.backend.RemoteBackends;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.CostEstimator;
import io.modelfn.api.http.ErrorMapping;
import io.modelfn.api.http.RequestLog;
import io.modelfn.core.batching.MicroBatcher;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.metrics.AggregatedMetrics;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.prediction.EndpointResolver;
import io.modelfn.core.prediction.InProcessShadowDispatch;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.tracing.Tracer;
import io.modelfn.core.prediction.ResultCache;
import io.modelfn.core.prediction.ShadowComparison;
import io.modelfn.core.prediction.ShadowReceiver;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.sagemaker.SageMakerCodec;
import io.modelfn.core.protocol.simple.SimpleJsonCodec;
import io.modelfn.core.registry.RegistryReader;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.routing.RandomBuckets;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.shadow.ShadowDispatch;
import io.modelfn.core.store.BundledArtifacts;
import io.modelfn.core.store.ModelStore;
import io.modelfn.inference.onnx.OnnxRuntimeEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import io.modelfn.inference.store.BundledModelFolder;
import io.modelfn.inference.store.LocalFolderModelStore;
import io.modelfn.inference.store.S3ModelStore;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.DynamoDbRegistryReader;
import io.modelfn.registry.snapshot.S3SnapshotObject;
import io.modelfn.registry.snapshot.S3SnapshotObjectReader;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the serving path from configuration: registry, store, engine, cache, service, codecs. */
@ApplicationScoped
public class ServingBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    RegistryReader registryReader(DynamoDbClient dynamoDb, ModelfnConfig config) {
        return new DynamoDbRegistryReader(dynamoDb, config.registry().table());
    }

    @Produces
    @Singleton
    RegistrySnapshotCache snapshotCache(RegistryReader reader, DynamoDbClient dynamoDb, Instance<S3Client> s3,
            Clock clock, ModelfnConfig config, Metrics metrics) {
        var registry = config.registry();
        RegistrySnapshotCache cache = new RegistrySnapshotCache(reader, clock, registry.refreshInterval(),
                registry.stalenessCap(), registry.syncRefreshAfter());
        // One eventually consistent GetItem per refresh; the whole registry only when it changed.
        cache.watchChanges(new DynamoDbChangeMarker(dynamoDb, registry.table(), false), registry.changeSettle());
        snapshotObject(config, s3).ifPresent(object -> cache.fallBackTo(new S3SnapshotObjectReader(object)));
        cache.metrics(metrics);
        return cache;
    }

    /** The registry's snapshot object in the model bucket; none with the local model folder. */
    public static Optional<S3SnapshotObject> snapshotObject(ModelfnConfig config, Instance<S3Client> s3) {
        var store = config.store();
        if (!"s3".equals(store.type()) || store.bucket().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new S3SnapshotObject(s3.get(), store.bucket().get(), config.registry().snapshotKey()));
    }

    void closeSnapshotCache(@Disposes RegistrySnapshotCache cache) {
        cache.close();
    }

    @Produces
    @Singleton
    ModelStore modelStore(ModelfnConfig config, Instance<S3Client> s3) {
        var store = config.store();
        return switch (store.type()) {
            case "local" -> new LocalFolderModelStore(existingFolder(Path.of(store.localRoot())));
            case "s3" -> new S3ModelStore(s3.get(), store.bucket().orElseThrow(() ->
                    new IllegalStateException("modelfn.store.bucket (MODELFN_STORE_BUCKET) is required for the s3 store")),
                    store.prefix());
            default -> throw new IllegalStateException("modelfn.store.type must be s3 or local, not " + store.type());
        };
    }

    private static Path existingFolder(Path folder) {
        try {
            return java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the model folder " + folder, e);
        }
    }

    @Produces
    @Singleton
    InferenceEngine inferenceEngine(ModelfnConfig config) {
        var onnx = config.onnx();
        return new OnnxRuntimeEngine(new OnnxSessionSettings(onnx.intraOpThreads(), onnx.interOpThreads(),
                onnx.optimizationLevel(), false, true, true, onnx.gpu()));
    }

    /** The models layer (or a folder in the image), consulted before the store; none when the folder is absent. */
    @Produces
    @Singleton
    BundledArtifacts bundledArtifacts(ModelfnConfig config) {
        return BundledModelFolder.at(Path.of(config.store().bundledDir()));
    }

    @Produces
    @Singleton
    ModelCache modelCache(ModelStore store, BundledArtifacts bundled, InferenceEngine engine, ModelfnConfig config,
            CacheListener listener) {
        var cache = config.cache();
        return new ModelCache(store, bundled, engine, new ModelCache.Settings(Path.of(cache.dir()), cache.memoryBudget().asLongValue(),
                cache.loadTimeout(), cache.failureBackoff(), cache.loaderThreads()), listener);
    }

    void closeModelCache(@Disposes ModelCache cache) {
        cache.close();
    }

    @Produces
    @Singleton
    CacheListener cacheListener(ModelfnConfig config, Instance<ModelRegistry> registry) {
        CacheListener logging = new LoggingCacheListener();
        return config.serving().markFailedArtifacts() ? new FailedArtifactMarker(logging, registry::get) : logging;
    }

    @Produces
    @Singleton
    ShadowComparison shadowComparison(ModelCache cache, Metrics metrics, RemoteBackends remote, ModelfnConfig config) {
        return new ShadowComparison(cache, config.backend().forward() ? remote : null, metrics);
    }

    /** The pool that compares copies in this process; the dispatch below decides whether it is used. */
    @Produces
    @Singleton
    @Typed(InProcessShadowDispatch.class)
    InProcessShadowDispatch inProcessShadowDispatch(ShadowComparison comparison, Metrics metrics,
            ModelfnConfig config) {
        // A few low-priority threads and a short queue: shadows take spare capacity or are skipped.
        return new InProcessShadowDispatch(comparison, metrics, config.shadow().threads(), config.shadow().queue());
    }

    void closeInProcessShadowDispatch(@Disposes InProcessShadowDispatch dispatch) {
        dispatch.close();
    }

    /** In-process, unless a runtime (the Lambda package) produces its own dispatch. */
    @Produces
    @Singleton
    @DefaultBean
    ShadowDispatch shadowDispatch(InProcessShadowDispatch inProcess, ModelfnConfig config) {
        if (!"in-process".equals(config.shadow().dispatch())) {
            throw new IllegalStateException("modelfn.shadow.dispatch=" + config.shadow().dispatch()
                    + " is not available in this package: only in-process is");
        }
        return inProcess;
    }

    /**
     * Compares copies that arrive as events (asynchronous invocations on Lambda). Looked up by the Lambda
     * handler, not injected: unremovable, or the container drops it as unused.
     */
    @Produces
    @Singleton
    @Unremovable
    ShadowReceiver shadowReceiver(RegistrySnapshotCache snapshots, ShadowComparison comparison, Metrics metrics) {
        return new ShadowReceiver(snapshots, comparison, metrics);
    }

    /** Random buckets for unkeyed requests and shadow sampling; reseeded after a SnapStart restore. */
    @Produces
    @Singleton
    RandomBuckets randomBuckets() {
        return new RandomBuckets();
    }

    @Produces
    @Singleton
    PredictionService predictionService(RegistrySnapshotCache snapshots, ModelCache cache, ShadowDispatch shadows,
            RemoteBackends remote, ModelfnConfig config, RandomBuckets buckets, Metrics metrics,
            CostEstimator cost, Tracer tracer) {
        var results = config.resultCache();
        var batching = config.batching();
        return PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter(buckets)), cache)
                .shadows(shadows)
                .featureBins(config.drift().featureBins())
                // A backend (forward=false) runs whatever it is sent: it never forwards again.
                .remote(config.backend().forward() ? remote : null)
                .results(new ResultCache(results.maxEntries(), results.maxBytes().asLongValue()))
                .batcher(batching.enabled() ? new MicroBatcher(new MicroBatcher.Settings(batching.maxBatchRows(),
                        batching.maxDelay(), Duration.ofNanos(1000 * batching.minCallMicros()))) : null)
                .metrics(RequestLog.around(metrics, config.http().requestLogSampleRate()), ErrorMapping::status, cost)
                .tracer(tracer)
                .build();
    }

    @Produces
    @Singleton
    Metrics metrics(ModelfnConfig config, Clock clock) {
        if (!config.metrics().emf()) {
            return Metrics.NONE;
        }
        // Straight to file descriptor 1, one flushed write per record: every record of an invocation is
        // out of the process before its response is posted and the environment may be frozen.
        EmfMetrics emf = EmfMetrics.toStandardOutput(clock);
        // Kept in memory and written per flush: per interval (MetricsFlushing) or per invocation (the
        // Lambda handler); with neither, each record as it is made.
        boolean flushed = config.metrics().flushPerInvocation() || config.metrics().flushInterval().isPositive();
        return flushed ? new AggregatedMetrics(emf) : emf;
    }

    @Produces
    @Singleton
    OipCodec oipCodec() {
        return new OipCodec();
    }

    @Produces
    @Singleton
    SageMakerCodec sageMakerCodec() {
        return new SageMakerCodec();
    }

    @Produces
    @Singleton
    SimpleJsonCodec simpleJsonCodec() {
        return new SimpleJsonCodec();
    }
}
