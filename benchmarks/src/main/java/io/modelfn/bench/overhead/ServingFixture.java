package io.modelfn.bench.overhead;

import io.modelfn.bench.SampleRepository;
import io.modelfn.core.batching.MicroBatcher;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.prediction.EndpointResolver;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.ResultCache;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipRequest;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.tracing.Tracer;
import io.modelfn.inference.onnx.OnnxRuntimeEngine;
import io.modelfn.inference.onnx.OnnxSessionSettings;
import io.modelfn.inference.store.LocalFolderModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real serving stack in this JVM, wired as the application wires it ({@code ServingBeans},
 * {@code MonitoringBeans}): a {@link ModelCache} on a {@link LocalFolderModelStore} over
 * {@code models/}, the {@link OnnxRuntimeEngine} with the local runner's session settings, a registry
 * snapshot in memory, the input bin counts of drift, and the {@link OipCodec}. {@link #serveOip} is what
 * {@code OipResource.infer} does between reading the body and writing the response.
 */
public final class ServingFixture implements AutoCloseable {

    /**
     * The local runner's ONNX Runtime settings ({@code modelfn.onnx.*} defaults): ONNX Runtime picks
     * the intra-op threads (one per core), one inter-op thread, all graph optimisations.
     */
    public static final OnnxSessionSettings RUNNER_SETTINGS =
            new OnnxSessionSettings(0, 1, "all", false, true, true, false);

    private final Path cacheDir;
    private final OnnxRuntimeEngine engine;
    private final ModelCache cache;
    private final RegistrySnapshotCache snapshots;
    private final PredictionService service;
    private final OipCodec codec = new OipCodec();
    private final Map<ModelKey, ModelVersion> versions = new LinkedHashMap<>();

    /**
     * What the prediction service keeps or joins beyond the plain path (the application's
     * {@code modelfn.result-cache.*} and {@code modelfn.batching.*}).
     *
     * @param results the result cache, or null; with one, every endpoint opts in
     * @param batcher joins concurrent requests into one inference call, or null
     * @param tracer where each request's spans go ({@link Tracer#OFF}, as a process without a daemon has it)
     */
    public record Extras(ResultCache results, MicroBatcher batcher, Tracer tracer) {
        public static final Extras NONE = new Extras(null, null);

        public Extras(ResultCache results, MicroBatcher batcher) {
            this(results, batcher, Tracer.OFF);
        }
    }

    public ServingFixture(SampleRepository repository, List<ModelKey> keys, OnnxSessionSettings settings) {
        this(repository, keys, settings, Extras.NONE);
    }

    public ServingFixture(SampleRepository repository, List<ModelKey> keys, OnnxSessionSettings settings,
            Extras extras) {
        try {
            this.cacheDir = Files.createTempDirectory("modelfn-bench-cache");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys.forEach(k -> versions.put(k, repository.version(k)));
        RegistrySnapshot snapshot = SampleRepository.snapshot(List.copyOf(versions.values()), extras.results() != null);
        this.engine = new OnnxRuntimeEngine(settings).warmUp();
        this.cache = new ModelCache(new LocalFolderModelStore(repository.models()), engine,
                new ModelCache.Settings(cacheDir, 4L << 30, Duration.ofMinutes(5), Duration.ofSeconds(5), 2),
                CacheListener.NONE);
        this.snapshots = new RegistrySnapshotCache(() -> snapshot, Clock.systemUTC(), Duration.ofHours(1),
                Duration.ofDays(1), Duration.ofDays(1));
        snapshots.start();
        this.service = PredictionService.builder(snapshots, new EndpointResolver(new TrafficRouter()), cache)
                .featureBins(true).results(extras.results()).batcher(extras.batcher()).tracer(extras.tracer()).build();
        versions.values().forEach(cache::preload);
    }

    /**
     * Read → resolve (route) → validate → infer → encode, as {@code OipResource} does for
     * {@code POST /v2/models/{endpoint}/infer}: one call into the prediction path.
     */
    public byte[] serveOip(String endpoint, byte[] body) {
        return codec.encodeInferResponse(service.serve(CallContext.startingNow("bench"),
                OipRequest.of(codec, endpoint, null, body)));
    }

    public OipCodec codec() {
        return codec;
    }

    public PredictionService service() {
        return service;
    }

    public ModelVersion version(ModelKey key) {
        return versions.get(key);
    }

    /** The loaded model, held for as long as the lease is open (the engine alone, without the service). */
    public ModelCache.Lease lease(ModelKey key) {
        return cache.acquire(versions.get(key));
    }

    public LoadedModel model(ModelCache.Lease lease) {
        return lease.model();
    }

    /** The cached copy of a version's artifact (what the engine loaded). */
    public Path artifact(ModelKey key) {
        return cacheDir.resolve(key.name()).resolve(key.version()).resolve("model.onnx");
    }

    @Override
    public void close() {
        cache.close();
        snapshots.close();
        try (Stream<Path> files = Files.walk(cacheDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; nothing depends on it being gone
        }
    }
}
