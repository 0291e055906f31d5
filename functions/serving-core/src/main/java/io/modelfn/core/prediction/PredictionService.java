package io.modelfn.core.prediction;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.RemoteInference;
import io.modelfn.core.batching.MicroBatcher;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.CostModel;
import io.modelfn.core.metrics.FailureStatus;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.monitoring.InputBins;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.shadow.ShadowDispatch;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.tracing.Span;
import io.modelfn.core.tracing.Tracer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The prediction path, the one entry every protocol and every runtime (Lambda, container, local)
 * calls: {@link #serve} reads the protocol's request, resolves the endpoint from the in-memory
 * registry snapshot (routing key: the transport's header, else the protocol's own field), decodes
 * and checks the inputs against the version's signature, takes the model from the warm cache and
 * runs it, or forwards it to the endpoint's remote backend, and hands sampled copies to the shadow
 * ({@link ShadowDispatch}, before {@code serve} returns).
 * Endpoints that opt in get a kept answer for an input seen before ({@link ResultCache}). Every
 * served request, answered or failed, leaves exactly one metrics record; a tabular model's inputs also
 * leave their rows per bin of each feature ({@link InputBins}), for drift computed where every
 * environment's counts meet. All of a request's records are written before {@link #serve} returns.
 * A {@link Tracer} gets a span for the request and children for routing, a wait for a model load,
 * inference and a forward to a remote backend; a forward carries its span's trace context.
 *
 * <p>Protocol adapters only decode ({@link ProtocolRequest}) and encode the {@link Answer}; nothing
 * here knows HTTP, JSON or AWS. Model metadata and readiness are answered here too.
 *
 * <p>Thread-safe.
 */
public class PredictionService {

    private final RegistrySnapshotCache snapshots;
    private final EndpointResolver resolver;
    private final ModelCache cache;
    private final ShadowDispatch shadows;
    private final boolean featureBins;
    private final RemoteInference remote;
    private final ResultCache results;
    private final MicroBatcher batcher;
    private final Metrics metrics;
    private final FailureStatus statuses;
    private final CostModel cost;
    private final Tracer tracer;
    private final AtomicBoolean firstRequest = new AtomicBoolean(true);

    private PredictionService(Builder b) {
        this.snapshots = b.snapshots;
        this.resolver = b.resolver;
        this.cache = b.cache;
        this.shadows = b.shadows;
        this.featureBins = b.featureBins;
        this.remote = b.remote;
        this.results = b.results;
        this.batcher = b.batcher;
        this.metrics = b.metrics;
        this.statuses = b.statuses;
        this.cost = b.cost;
        this.tracer = b.tracer;
    }

    /** A prediction service that runs every model in this process, keeps no answers and records nothing. */
    public static Builder builder(RegistrySnapshotCache snapshots, EndpointResolver resolver, ModelCache cache) {
        return new Builder(snapshots, resolver, cache);
    }

    /**
     * Serves one request: read, resolve, decode, run, with one metrics record whatever happens.
     * Failures propagate as the typed exceptions of their feature.
     */
    public <R extends ProtocolRequest> Answer<R> serve(CallContext call, R request) {
        RequestMeter meter = new RequestMeter(call, firstRequest.get() && firstRequest.compareAndSet(true, false));
        Span span = tracer.startRequest(call.trace());
        try {
            RegistrySnapshot snapshot = snapshots.current();
            String named = request.endpoint();
            meter.named(registered(snapshot, named));
            request.read();
            if (named == null) {
                meter.named(registered(snapshot, request.endpoint()));
            }
            String routingKey = call.routingKeyHeader() != null && !call.routingKeyHeader().isBlank()
                    ? call.routingKeyHeader() : request.routingKey();
            Resolution resolution = route(span, snapshot, request, routingKey);
            meter.routed(resolution);
            Map<String, Tensor> inputs = request.inputs(resolution.version().signature());
            String requestId = request.requestId() != null ? request.requestId() : call.requestId();
            long revision = snapshot.endpoint(resolution.endpoint()).map(EndpointConfig::revision).orElse(-1L);
            Prediction prediction = run(resolution, inputs, request.outputs(), new Served(requestId, revision), span);
            meter.answered(prediction);
            span.status(200);
            return new Answer<>(request, prediction);
        } catch (RuntimeException | Error failure) {
            int status = statuses.of(failure);
            meter.failed(status);
            span.status(status);
            throw failure;
        } finally {
            metrics.record(meter.record(cost));
            span.end();
        }
    }

    /** Resolving the endpoint to the version that answers, as the request span's "routing" child. */
    private Resolution route(Span span, RegistrySnapshot snapshot, ProtocolRequest request, String routingKey) {
        Span routing = span.child("routing");
        try {
            Resolution resolution = resolver.resolve(snapshot, request.endpoint(), request.pinnedVersion(), routingKey);
            if (request.forwarded()) {
                resolution = resolution.inProcess();
            }
            span.annotate("endpoint", resolution.endpoint());
            span.annotate("variant", resolution.variant());
            span.annotate("model", resolution.version().key().name());
            span.annotate("version", resolution.version().key().version());
            return resolution;
        } catch (RuntimeException failure) {
            routing.status(statuses.of(failure));
            throw failure;
        } finally {
            routing.end();
        }
    }

    /**
     * Which version would answer (for warm-up and tools), without running it; serving goes through
     * {@link #serve}.
     */
    public Resolution resolve(String endpoint, String pinnedVersion, String routingKey) {
        return resolver.resolve(snapshots.current(), endpoint, pinnedVersion, routingKey);
    }

    /** The registered name a request asked for, or null: only registered names become metric dimensions. */
    private static String registered(RegistrySnapshot snapshot, String name) {
        if (name == null) {
            return null;
        }
        return snapshot.endpoint(name).isPresent() || snapshot.hasModel(name) ? name : null;
    }

    /** Which request an answer is for, as its shadow copy names it. */
    private record Served(String requestId, long revision) {
    }

    private Prediction run(Resolution resolution, Map<String, Tensor> inputs, List<String> outputs, Served served,
            Span span) {
        var version = resolution.version();
        InputValidator.check(version.key(), version.signature(), inputs, outputs);
        if (featureBins) {
            recordFeatureBins(version, inputs);
        }
        if (!resolution.resultCache() || results == null) {
            return infer(resolution, inputs, outputs, served, span);
        }
        ResultCache.Key key = ResultCache.key(version.key(), inputs, outputs);
        Map<String, Tensor> kept = results.get(key);
        if (kept != null) {
            submitShadow(resolution, inputs, kept, served);
            return new Prediction(resolution.endpoint(), resolution.variant(), version, kept, true, 0, 0, false, 1);
        }
        Prediction computed = infer(resolution, inputs, outputs, served, span);
        results.put(key, computed.outputs());
        return computed.withResultCacheHit(0);
    }

    private Prediction infer(Resolution resolution, Map<String, Tensor> inputs, List<String> outputs, Served served,
            Span span) {
        var version = resolution.version();
        if (resolution.backend().remote() && remote != null) {
            long start = System.nanoTime();
            Map<String, Tensor> answered = forward(resolution, inputs, outputs, served.requestId(), span.child("forward",
                    resolution.backend() instanceof Backend.SageMaker ? Span.Kind.AWS : Span.Kind.REMOTE, start));
            long remoteNanos = System.nanoTime() - start;
            submitShadow(resolution, inputs, answered, served);
            return new Prediction(resolution.endpoint(), resolution.variant(), version, answered, false, 0, remoteNanos,
                    true, -1);
        }
        try (ModelCache.Lease lease = acquire(version, span)) {
            long start = System.nanoTime();
            Span inference = span.child("inference", Span.Kind.INTERNAL, start);
            Map<String, Tensor> answered;
            try {
                answered = batcher != null ? batcher.infer(lease.model(), inputs, outputs)
                        : lease.model().infer(inputs, outputs);
            } catch (RuntimeException failure) {
                inference.status(statuses.of(failure));
                throw failure;
            } finally {
                inference.end();
            }
            long inferenceNanos = System.nanoTime() - start;
            submitShadow(resolution, inputs, answered, served);
            return new Prediction(resolution.endpoint(), resolution.variant(), version, answered, lease.hit(),
                    lease.hit() ? 0 : lease.loadMillis(), inferenceNanos);
        }
    }

    /** The forward to the endpoint's backend, as a "forward" span whose context the backend continues. */
    private Map<String, Tensor> forward(Resolution resolution, Map<String, Tensor> inputs, List<String> outputs,
            String requestId, Span forward) {
        if (forward != Span.NONE) {
            forward.annotate("backend", resolution.backend().text()); // text() of a URL allocates: only when traced
        }
        try {
            return remote.infer(resolution.backend(), resolution.version(), inputs, outputs, requestId,
                    forward.context());
        } catch (RuntimeException failure) {
            forward.status(statuses.of(failure));
            throw failure;
        } finally {
            forward.end();
        }
    }

    /** The model from the warm cache; a request that had to wait for a load gets a "model-load" span. */
    private ModelCache.Lease acquire(ModelVersion version, Span span) {
        long start = System.nanoTime();
        ModelCache.Lease lease;
        try {
            lease = cache.acquire(version);
        } catch (RuntimeException failure) {
            Span load = span.child("model-load", Span.Kind.INTERNAL, start);
            load.status(statuses.of(failure));
            load.end();
            throw failure;
        }
        if (!lease.hit()) {
            span.child("model-load", Span.Kind.INTERNAL, start).end();
        }
        return lease;
    }

    private void recordFeatureBins(ModelVersion version, Map<String, Tensor> inputs) {
        long[][] counts = InputBins.count(version, inputs);
        List<ModelCard.FeatureStats> features = version.features();
        for (int f = 0; f < counts.length; f++) {
            metrics.recordFeatureBins(version.key().name(), version.key().version(), features.get(f).name(), counts[f]);
        }
    }

    /** After the answer is computed: the copy is handed on, never run here, and never changes the answer. */
    private void submitShadow(Resolution resolution, Map<String, Tensor> inputs, Map<String, Tensor> answer,
            Served served) {
        if (resolution.shadow() != null && shadows != null) {
            shadows.dispatch(new ShadowCopy(resolution.endpoint(), resolution.shadow(), inputs, answer,
                    resolution.backend(), served.requestId(), served.revision()));
        }
    }

    /**
     * The metadata of the version a name serves: the pinned one, else the endpoint's stable variant
     * (so metadata does not depend on the routing dice), else what the name resolves to.
     */
    public ModelMetadata metadata(String endpoint, String pinnedVersion) {
        return ModelMetadata.of(snapshots.current(), resolver, endpoint, pinnedVersion);
    }

    /** Whether a name (or one pinned version of it) can answer at once. */
    public Readiness readiness(String endpoint, String pinnedVersion) {
        return Readiness.of(snapshots.current(), resolver, cache, remote != null, endpoint, pinnedVersion);
    }

    /** Optional parts of the prediction path; each defaults to none. */
    public static final class Builder {
        private final RegistrySnapshotCache snapshots;
        private final EndpointResolver resolver;
        private final ModelCache cache;
        private ShadowDispatch shadows;
        private boolean featureBins;
        private RemoteInference remote;
        private ResultCache results;
        private MicroBatcher batcher;
        private Metrics metrics = Metrics.NONE;
        private FailureStatus statuses = FailureStatus.SERVER_ERROR;
        private CostModel cost = CostModel.NONE;
        private Tracer tracer = Tracer.OFF;

        private Builder(RegistrySnapshotCache snapshots, EndpointResolver resolver, ModelCache cache) {
            this.snapshots = snapshots;
            this.resolver = resolver;
            this.cache = cache;
        }

        /** Where sampled shadow copies go to be compared. */
        public Builder shadows(ShadowDispatch dispatch) {
            this.shadows = dispatch;
            return this;
        }

        /** Emits each request's input rows per bin of the training profile, to the metrics sink. */
        public Builder featureBins(boolean emit) {
            this.featureBins = emit;
            return this;
        }

        /** Forwards requests of endpoints with a remote backend; without it everything runs here (a backend). */
        public Builder remote(RemoteInference inference) {
            this.remote = inference;
            return this;
        }

        /** Keeps answers for endpoints that opt in. */
        public Builder results(ResultCache cache) {
            this.results = cache;
            return this;
        }

        /** Joins concurrent requests to one version into one inference call. */
        public Builder batcher(MicroBatcher microBatcher) {
            this.batcher = microBatcher;
            return this;
        }

        /** Where each request's record goes, with the status of a failure and the request's cost. */
        public Builder metrics(Metrics sink, FailureStatus failureStatus, CostModel costModel) {
            this.metrics = sink;
            this.statuses = failureStatus;
            this.cost = costModel;
            return this;
        }

        /** Where each request's spans go; {@link Tracer#OFF} by default. */
        public Builder tracer(Tracer requestTracer) {
            this.tracer = requestTracer;
            return this;
        }

        public PredictionService build() {
            return new PredictionService(this);
        }
    }
}
