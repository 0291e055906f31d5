package io.modelfn.api.priming;

import io.modelfn.api.clients.RebuildableClient;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.prediction.Answer;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.prediction.EndpointResolver;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.PredictionService;
import io.modelfn.core.prediction.RequestIds;
import io.modelfn.core.prediction.Resolution;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipRequest;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.routing.RandomBuckets;
import io.modelfn.core.routing.RoutedVersions;
import io.modelfn.core.routing.TrafficRouter;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda SnapStart priming, as a CRaC {@link Resource} registered at start-up when Lambda initialises
 * the function for a snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}).
 *
 * <ul>
 *   <li><b>Before the checkpoint</b> ({@link #prime()}): read the registry, load the versions it
 *       routes traffic to in this function and any pinned on top ({@link PreloadPlans}), and send
 *       each one request through the whole prediction path
 *       (an Open Inference Protocol body of zeros built from its signature: decode, route, validate,
 *       infer, encode), so class loading, JIT and ONNX Runtime's first run are in the snapshot
 *       rather than in the first request of every restored environment. The run uses its own
 *       prediction service over the same registry snapshot and model cache, without shadows, drift
 *       statistics, kept answers or metrics: priming traffic never shows up as traffic.</li>
 *   <li><b>After each restore</b> ({@link #restore()}): rebuild the DynamoDB and S3 clients (their
 *       pooled connections and cached credentials belong to the snapshot's time), reseed the random
 *       buckets of unkeyed routing and shadow sampling and the request ids (every restored copy would
 *       otherwise draw the same sequences), and re-read the registry at once (the snapshot's copy may
 *       be hours old).</li>
 * </ul>
 *
 * <p>Elsewhere (a container, the local runner, a measurement) {@code modelfn.priming.at-start=true}
 * runs the same priming at start-up, and readiness waits for it.
 *
 * <p>Priming is best effort: a model that cannot be primed is logged and left to load on first use;
 * it never fails the checkpoint. Remote-backend models are never primed here.
 *
 * <p>Sticky salts are fine as they are: they must be the same in every copy.
 */
@ApplicationScoped
public class SnapStartPriming implements Resource {

    static final String SNAP_START = "snap-start";
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    @Inject
    RegistrySnapshotCache snapshots;

    @Inject
    ModelCache cache;

    @Inject
    OipCodec codec;

    @Inject
    ModelfnConfig config;

    @Inject
    RandomBuckets buckets;

    @Inject
    RebuildableClient<DynamoDbClient> dynamoDb;

    @Inject
    RebuildableClient<S3Client> s3;

    /** Set by Lambda: {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}. */
    @ConfigProperty(name = "AWS_LAMBDA_INITIALIZATION_TYPE", defaultValue = "on-demand")
    String initializationType;

    private volatile boolean settled = true;

    /** One primed version: who answered, and how long the load and the request took. */
    public record PrimedVersion(ModelKey key, String variant, List<String> outputs, long loadMillis,
            long requestMillis) {
    }

    /** What a priming run did. */
    public record PrimingReport(List<PrimedVersion> primed, List<String> skipped, long millis) {
    }

    /** What a restore did. */
    public record RestoreReport(boolean dynamoDbRebuilt, boolean s3Rebuilt, boolean registryRefreshed) {
    }

    @PostConstruct
    void init() {
        // Readiness waits for a priming at start-up (registered before the HTTP server takes requests).
        settled = !primesAtStart();
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        if (onSnapStart()) {
            Core.getGlobalContext().register(this);
            LOG.info("SnapStart: routed and pinned models are primed before the snapshot; clients, routing "
                    + "randomness, request ids and the registry are renewed after each restore");
        } else if (primesAtStart()) {
            // Start-up has just read the registry (ServingLifecycle): a second read would only cost init time.
            prime(false);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restore();
    }

    /** Whether readiness may report ready: false only while a priming at start-up runs. */
    public boolean settled() {
        return settled;
    }

    /**
     * Reads the registry, loads each routed or pinned model and sends it one request through the prediction
     * path. Best effort: failures are logged and reported, never thrown.
     */
    public PrimingReport prime() {
        return prime(true);
    }

    /** @param reread whether to read the registry first even when a snapshot is at hand */
    private synchronized PrimingReport prime(boolean reread) {
        long start = System.nanoTime();
        List<PrimedVersion> primed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            boolean read = reread ? snapshots.refresh() || snapshots.ready() : snapshots.ready() || snapshots.refresh();
            if (!read) {
                skipped.add("all: the registry could not be read");
                LOG.warn("priming skipped: the registry could not be read");
                return new PrimingReport(primed, skipped, millisSince(start));
            }
            RegistrySnapshot snapshot = snapshots.current();
            // The same code as the serving path, without shadows, drift statistics, kept answers or metrics.
            PredictionService path = PredictionService.builder(snapshots,
                    new EndpointResolver(new TrafficRouter(buckets)), cache).build();
            for (RoutedVersions.Planned planned : PreloadPlans.plan(snapshot, config.cache(), cache)) {
                ModelKey key = planned.version().key();
                try {
                    primed.add(prime(path, snapshot, key));
                } catch (RuntimeException e) {
                    skipped.add(key + ": " + e.getMessage());
                    LOG.warnf("priming of %s (%s) skipped: %s", key, planned.reason(), e.getMessage());
                }
            }
        } finally {
            settled = true;
        }
        PrimingReport report = new PrimingReport(List.copyOf(primed), List.copyOf(skipped), millisSince(start));
        LOG.infof("primed %d routed or pinned model(s) in %d ms%s", primed.size(), report.millis(),
                skipped.isEmpty() ? "" : "; skipped " + skipped);
        return report;
    }

    /** Rebuilds the AWS clients, reseeds the routing randomness and re-reads the registry. */
    public synchronized RestoreReport restore() {
        long start = System.nanoTime();
        boolean dynamoDbRebuilt = dynamoDb.rebuild();
        boolean s3Rebuilt = s3.rebuild();
        buckets.reseed();
        RequestIds.process().reseed();
        boolean refreshed = snapshots.refresh();
        if (!refreshed) {
            LOG.warn("after the restore the registry could not be read; the background refresh keeps trying");
        }
        LOG.infof("restored in %d ms: DynamoDB client %s, S3 client %s, routing and request ids reseeded, registry %s",
                millisSince(start), dynamoDbRebuilt ? "rebuilt" : "not in use", s3Rebuilt ? "rebuilt" : "not in use",
                refreshed ? "re-read" : "not re-read");
        return new RestoreReport(dynamoDbRebuilt, s3Rebuilt, refreshed);
    }

    private PrimedVersion prime(PredictionService path, RegistrySnapshot snapshot, ModelKey key) {
        ModelVersion registered = snapshot.version(key)
                .orElseThrow(() -> new IllegalStateException("not in the registry"));
        // Route once through every endpoint that serves the version (warms the router; nothing runs).
        for (EndpointConfig endpoint : servingEndpoints(snapshot, key)) {
            path.resolve(endpoint.name(), null, PrimingRequests.REQUEST_ID);
        }
        Resolution resolution = path.resolve(key.name(), key.version(), null);
        if (resolution.backend().remote()) {
            throw new IllegalStateException("served by the remote backend " + resolution.backend().text());
        }
        long loadStart = System.nanoTime();
        cache.preload(registered);
        long loadMillis = millisSince(loadStart);

        long requestStart = System.nanoTime();
        byte[] body = PrimingRequests.oipBody(registered.signature());
        OipRequest request = OipRequest.of(codec, key.name(), key.version(), body);
        Answer<OipRequest> answer = path.serve(CallContext.startingNow(PrimingRequests.REQUEST_ID), request);
        codec.encodeInferResponse(answer);
        Prediction prediction = answer.prediction();
        return new PrimedVersion(key, prediction.variant(), List.copyOf(prediction.outputs().keySet()), loadMillis,
                millisSince(requestStart));
    }

    private static List<EndpointConfig> servingEndpoints(RegistrySnapshot snapshot, ModelKey key) {
        return snapshot.endpoints().values().stream()
                .filter(e -> e.variants().stream().filter(v -> v.weight() > 0).map(Variant::model).anyMatch(key::equals))
                .toList();
    }

    private boolean onSnapStart() {
        return SNAP_START.equals(initializationType);
    }

    private boolean primesAtStart() {
        return !onSnapStart() && config.priming().atStart();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
