package io.modelfn.core.prediction;

import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.batching.MicroBatcher;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.monitoring.DriftMonitor;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/**
 * The prediction path: resolve the endpoint from the in-memory registry snapshot, check the inputs
 * against the version's signature, take the model from the warm cache and run it, or forward it to
 * the endpoint's remote backend. Endpoints that opt in get a kept answer for an input seen before
 * ({@link ResultCache}). Protocol adapters
 * decode requests into {@link PredictRequest} and encode the {@link Prediction}; nothing here knows
 * HTTP, JSON or AWS.
 *
 * <p>Thread-safe.
 */
public class PredictionService {

    private final RegistrySnapshotCache snapshots;
    private final EndpointResolver resolver;
    private final ModelCache cache;
    private final ShadowRunner shadows;
    private final DriftMonitor drift;
    private final RemoteInference remote;
    private final ResultCache results;
    private final MicroBatcher batcher;

    /** A prediction service that runs every model in this process and keeps no answers. */
    public PredictionService(RegistrySnapshotCache snapshots, EndpointResolver resolver, ModelCache cache,
            ShadowRunner shadows, DriftMonitor drift) {
        this(snapshots, resolver, cache, shadows, drift, null, null, null);
    }

    /**
     * @param shadows runs sampled shadow copies, or null for none
     * @param drift counts served inputs into the training distribution's bins, or null for none
     * @param remote forwards requests of endpoints with a remote backend; null runs everything here
     *     (what a backend itself does)
     * @param results keeps answers for endpoints that opt in; null keeps none
     * @param batcher joins concurrent requests to one version into one inference call; null runs each alone
     */
    public PredictionService(RegistrySnapshotCache snapshots, EndpointResolver resolver, ModelCache cache,
            ShadowRunner shadows, DriftMonitor drift, RemoteInference remote, ResultCache results,
            MicroBatcher batcher) {
        this.snapshots = snapshots;
        this.resolver = resolver;
        this.cache = cache;
        this.shadows = shadows;
        this.drift = drift;
        this.remote = remote;
        this.results = results;
        this.batcher = batcher;
    }


    /** Which version would answer this request (for metadata and readiness), without running it. */
    public Resolution resolve(String endpoint, String pinnedVersion, String routingKey) {
        return resolver.resolve(snapshots.current(), endpoint, pinnedVersion, routingKey);
    }

    public Prediction predict(PredictRequest request) {
        RegistrySnapshot snapshot = snapshots.current();
        Resolution resolution = resolver.resolve(snapshot, request.endpoint(), request.pinnedVersion(), request.routingKey());
        return run(resolution, request.inputs(), request);
    }

    /** Runs an already resolved request. */
    public Prediction run(Resolution resolution, Map<String, Tensor> inputs, PredictRequest request) {
        var version = resolution.version();
        InputValidator.check(version.key(), version.signature(), inputs, request.outputs());
        if (drift != null) {
            drift.observe(version, inputs);
        }
        if (!resolution.resultCache() || results == null) {
            return infer(resolution, inputs, request);
        }
        ResultCache.Key key = ResultCache.key(version.key(), inputs, request.outputs());
        Map<String, Tensor> kept = results.get(key);
        if (kept != null) {
            submitShadow(resolution, inputs, kept);
            return new Prediction(resolution.endpoint(), resolution.variant(), version, kept, true, 0, 0, false, 1);
        }
        Prediction computed = infer(resolution, inputs, request);
        results.put(key, computed.outputs());
        return computed.withResultCacheHit(0);
    }

    private Prediction infer(Resolution resolution, Map<String, Tensor> inputs, PredictRequest request) {
        var version = resolution.version();
        if (resolution.backend().remote() && remote != null) {
            long start = System.nanoTime();
            Map<String, Tensor> outputs = remote.infer(resolution.backend(), version, inputs, request.outputs(),
                    request.requestId());
            long remoteNanos = System.nanoTime() - start;
            submitShadow(resolution, inputs, outputs);
            return new Prediction(resolution.endpoint(), resolution.variant(), version, outputs, false, 0, remoteNanos,
                    true, -1);
        }
        try (ModelCache.Lease lease = cache.acquire(version)) {
            long start = System.nanoTime();
            Map<String, Tensor> outputs = batcher != null ? batcher.infer(lease.model(), inputs, request.outputs())
                    : lease.model().infer(inputs, request.outputs());
            long inferenceNanos = System.nanoTime() - start;
            submitShadow(resolution, inputs, outputs);
            return new Prediction(resolution.endpoint(), resolution.variant(), version, outputs, lease.hit(),
                    lease.hit() ? 0 : lease.loadMillis(), inferenceNanos);
        }
    }

    /** After the answer is computed and off the caller's path: the shadow never changes it. */
    private void submitShadow(Resolution resolution, Map<String, Tensor> inputs, Map<String, Tensor> served) {
        if (resolution.shadow() != null && shadows != null) {
            shadows.submit(resolution.endpoint(), resolution.shadow(), inputs, served, resolution.backend());
        }
    }

    public RegistrySnapshotCache snapshots() {
        return snapshots;
    }

    public ModelCache cache() {
        return cache;
    }
}
