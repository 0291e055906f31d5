package io.modelfn.api.oip;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.CallTimes;
import io.modelfn.api.http.HttpPipeline;
import io.modelfn.api.http.InferenceWorkers;
import io.modelfn.api.http.PredictionCalls;
import io.modelfn.core.prediction.Answer;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.protocol.ContentTypes;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.oip.BinaryTensorExtension;
import io.modelfn.core.protocol.oip.EncodedInferResponse;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.oip.OipRequest;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The inference protocol's {@code infer} ({@code POST /v2/models/{name}[/versions/{version}]/infer})
 * served straight from the Vert.x router, without the JAX-RS hand-off to a worker thread for every
 * request. The body is the one the HTTP layer already read on the event loop, within its limits, after
 * the whole {@link HttpPipeline}. A target (an endpoint, or a pinned version) whose warm calls were
 * measured small ({@link CallTimes}, {@code modelfn.http.infer-event-loop-micros}) runs on the event
 * loop (never with micro-batching on); others, and every target not measured yet (its model may need a
 * load), run on the bounded {@link InferenceWorkers}, which answer 503 when full. The call itself is
 * {@link PredictionCalls#serve}, as from {@link OipResource}: metrics, tracing, routing, the shadow copy,
 * response headers and request log are the same, and failures go to the router's failure handler, mapped
 * by the one error mapping.
 *
 * <p>{@link OipResource} keeps the two methods, which document the operations in the OpenAPI document and
 * serve them when this route is off ({@code modelfn.http.infer-route=false}) or the request's
 * {@code Accept} header names neither JSON nor binary data (the resource then answers 406 as before).
 */
@ApplicationScoped
public class OipInferRoute {

    static final String INFER = "/v2/models/:name/infer";
    static final String INFER_VERSION = "/v2/models/:name/versions/:version/infer";

    @Inject
    PredictionCalls calls;

    @Inject
    OipCodec codec;

    @Inject
    InferenceWorkers workers;

    @Inject
    ModelfnConfig config;

    @Inject
    CurrentVertxRequest currentRequest;

    @Inject
    RegistrySnapshotCache snapshots;

    private CallTimes times;

    @PostConstruct
    void init() {
        // A micro-batched call waits for company: on the event loop it would hold every other connection there.
        long threshold = config.batching().enabled() ? 0 : config.http().inferEventLoopMicros();
        times = new CallTimes(TimeUnit.MICROSECONDS.toNanos(threshold));
    }

    void install(@Observes Router router) {
        if (!config.http().inferRoute()) {
            return;
        }
        router.post(INFER).order(HttpPipeline.AFTER_BODY_ORDER + 1)
                .handler(context -> infer(context, context.pathParam("name"), null));
        router.post(INFER_VERSION).order(HttpPipeline.AFTER_BODY_ORDER + 1)
                .handler(context -> infer(context, context.pathParam("name"), context.pathParam("version")));
    }

    /** Whether calls to this name (and pinned version, or null) now run on the event loop. */
    boolean onEventLoop(String name, String version) {
        return times.small(CallTimes.key(name, version));
    }

    /** The measured average of calls to this name (and pinned version, or null) in nanoseconds; -1 when none. */
    long averageNanos(String name, String version) {
        return times.averageNanos(CallTimes.key(name, version));
    }

    private void infer(RoutingContext context, String name, String version) {
        Buffer body = context.body().buffer();
        if (body == null || !acceptable(context.request().getHeader("Accept"))) {
            context.next();
            return;
        }
        String key = CallTimes.key(name, version);
        // A registry read due before this call could be routed would block the event loop: a worker does it.
        if (times.small(key) && !snapshots.refreshDue()) {
            serve(context, name, version, key, body, null);
            return;
        }
        Context eventLoop = Vertx.currentContext();
        try {
            workers.run(() -> serve(context, name, version, key, body, eventLoop));
        } catch (RuntimeException busy) {
            context.fail(busy);
        }
    }

    /**
     * Runs the call; {@code eventLoop} is where to answer from a worker, null when already there. The call
     * runs in a CDI request context holding the Vert.x request, as a JAX-RS resource method would: what it
     * reaches may read the request's headers (a remote backend's forwarding-loop check and trace header).
     */
    private void serve(RoutingContext context, String name, String version, String key, Buffer body, Context eventLoop) {
        long start = System.nanoTime();
        EncodedInferResponse response;
        ManagedContext requestScope = Arc.container().requestContext();
        boolean ours = !requestScope.isActive();
        if (ours) {
            requestScope.activate();
        }
        try {
            currentRequest.setCurrent(context);
            String contentType = context.request().getHeader("Content-Type");
            requireWellFormed(contentType);
            OipRequest request = OipRequest.of(codec, name, version, contentType,
                    context.request().getHeader(BinaryTensorExtension.HEADER), body.getBytes(), calls.maxBodySize());
            Answer<OipRequest> answer = calls.serve(context, request);
            response = codec.encodeInferAnswer(answer);
            Prediction prediction = answer.prediction();
            times.answered(key, System.nanoTime() - start, prediction.cacheHit() && !prediction.remote());
        } catch (RuntimeException | Error failure) {
            // On a worker nothing else would answer: every failure goes to the router's failure handler.
            times.failed(key, System.nanoTime() - start);
            onEventLoop(eventLoop, () -> context.fail(failure));
            return;
        } finally {
            if (ours) {
                requestScope.terminate();
            }
        }
        onEventLoop(eventLoop, () -> write(context.response(), response));
    }

    private static void onEventLoop(Context eventLoop, Runnable step) {
        if (eventLoop == null) {
            step.run();
        } else {
            eventLoop.runOnContext(ignored -> step.run());
        }
    }

    private static void write(HttpServerResponse response, EncodedInferResponse encoded) {
        if (response.ended() || response.closed()) {
            return; // the caller went away, or the body-read deadline answered first
        }
        if (encoded.binary()) {
            response.putHeader("Content-Type", "application/octet-stream")
                    .putHeader(BinaryTensorExtension.HEADER, Integer.toString(encoded.headerLength()));
        } else {
            response.putHeader("Content-Type", "application/json");
        }
        response.end(Buffer.buffer(encoded.bytes()));
    }

    /** Refuses a Content-Type that is not {@link #wellFormed}, as this route does for every transport. */
    public static void requireWellFormed(String contentType) {
        if (!wellFormed(contentType)) {
            throw new MalformedRequestException("the Content-Type header '" + contentType.substring(0, Math.min(64, contentType.length()))
                    + "' is not a media type (type/subtype); send application/json");
        }
    }

    /** Absent, or a media type with a type and a subtype, as the JAX-RS layer required (it answered 400 otherwise). */
    public static boolean wellFormed(String contentType) {
        String type = ContentTypes.mediaType(contentType);
        if (type.isEmpty()) {
            return true;
        }
        int slash = type.indexOf('/');
        return slash > 0 && slash < type.length() - 1 && type.indexOf('/', slash + 1) < 0;
    }

    /**
     * Whether the caller takes JSON or binary data: no {@code Accept}, or one naming either or a wildcard.
     * Anything else is left to {@link OipResource}, which answers it as it always has.
     */
    public static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String types = accept.toLowerCase(Locale.ROOT);
        return types.contains("*/*") || types.contains("application/*") || types.contains("application/json")
                || types.contains("application/octet-stream");
    }
}
