package io.modelfn.core.prediction;

import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.tensor.Tensor;
import java.util.Map;

/**
 * The prediction path: resolve the endpoint from the in-memory registry snapshot, check the inputs
 * against the version's signature, take the model from the warm cache and run it. Protocol adapters
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

    public PredictionService(RegistrySnapshotCache snapshots, EndpointResolver resolver, ModelCache cache,
            ShadowRunner shadows) {
        this.snapshots = snapshots;
        this.resolver = resolver;
        this.cache = cache;
        this.shadows = shadows;
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

    /** Runs an already resolved request (also used for shadow copies). */
    public Prediction run(Resolution resolution, Map<String, Tensor> inputs, PredictRequest request) {
        var version = resolution.version();
        InputValidator.check(version.key(), version.signature(), inputs, request.outputs());
        try (ModelCache.Lease lease = cache.acquire(version)) {
            long start = System.nanoTime();
            Map<String, Tensor> outputs = lease.model().infer(inputs, request.outputs());
            long inferenceNanos = System.nanoTime() - start;
            if (resolution.shadow() != null && shadows != null) {
                // After the answer is computed and off the caller's path: the shadow never changes it.
                shadows.submit(resolution.endpoint(), resolution.shadow(), inputs, outputs);
            }
            return new Prediction(resolution.endpoint(), resolution.variant(), version, outputs, lease.hit(),
                    lease.hit() ? 0 : lease.loadMillis(), inferenceNanos);
        }
    }

    public RegistrySnapshotCache snapshots() {
        return snapshots;
    }

    public ModelCache cache() {
        return cache;
    }
}
