package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.Resolution;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * What every request passes through, whatever serves it (JAX-RS, Funqy, Vert.x):
 * <ul>
 *   <li>a request id (the caller's {@code X-Request-Id} when safe, else a new one), echoed back;</li>
 *   <li>one metrics record when a prediction request ends, with its status and latency;</li>
 *   <li>JSON errors for failures raised outside JAX-RS (Funqy functions, body limits, unknown routes),
 *       mapped by {@link ErrorMapping} like every other error.</li>
 * </ul>
 * Request and response bodies are never logged.
 */
@ApplicationScoped
public class HttpPipeline {

    private static final Logger LOG = Logger.getLogger(HttpPipeline.class);

    @Inject
    Metrics metrics;

    @Inject
    ModelfnConfig config;

    @Inject
    CostEstimator cost;

    private final AtomicBoolean firstRequest = new AtomicBoolean(true);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::begin);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::fail);
    }

    private void begin(RoutingContext context) {
        String requestId = RequestContext.requestIdFor(context.request().getHeader(RequestContext.REQUEST_ID_HEADER));
        context.put(RequestContext.REQUEST_ID, requestId);
        context.put(RequestContext.STARTED, System.nanoTime());
        context.response().putHeader(RequestContext.REQUEST_ID_HEADER, requestId);
        boolean coldStart = firstRequest.compareAndSet(true, false);
        context.addEndHandler(done -> end(context, coldStart));
        long limit = config.http().maxBodySize().asLongValue();
        boolean upload = context.request().path().startsWith(RequestContext.ADMIN_PREFIX + "uploads/");
        long declared = declaredLength(context);
        if (!upload && declared > limit) {
            // Refused before the body is read; bodies without a length are capped while read.
            context.fail(new PayloadTooLargeException(limit));
            return;
        }
        String path = context.request().path();
        boolean function = path.equals("/predict") || path.startsWith(RequestContext.ADMIN_PREFIX) && !upload;
        if (function && context.request().method() == io.vertx.core.http.HttpMethod.POST
                && !isJson(context.request().getHeader("Content-Type"))) {
            context.fail(new io.modelfn.core.protocol.UnsupportedContentTypeException(
                    "functions take application/json bodies"));
            return;
        }
        if (declared == 0 && context.request().method() == io.vertx.core.http.HttpMethod.POST) {
            // Every POST of ours needs a body; an empty one would leave a blocking reader waiting.
            context.fail(new io.modelfn.core.protocol.MalformedRequestException("the request body is empty"));
            return;
        }
        context.next();
    }

    /** JSON or unspecified (many clients send none). */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    private static long declaredLength(RoutingContext context) {
        String header = context.request().getHeader("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void fail(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        Throwable failure = context.failure();
        String requestId = RequestContext.requestId(context);
        ApiError error = ErrorMapping.of(failure, context.statusCode() < 0 ? 500 : context.statusCode(), requestId);
        RequestContext.recordFailure(context, failure);
        ErrorMapping.logServerFailure(LOG, failure, error.status(), requestId);
        if (context.response().headWritten()) {
            context.response().end();
            return;
        }
        context.response().setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(error.body()));
    }

    private void end(RoutingContext context, boolean coldStart) {
        if (!Boolean.TRUE.equals(context.get(RequestContext.METERED))) {
            return;
        }
        Long started = context.get(RequestContext.STARTED);
        double latencyMs = started == null ? 0 : (System.nanoTime() - started) / 1e6;
        Prediction prediction = context.get(RequestContext.PREDICTION);
        int status = context.response().getStatusCode();
        String requestId = RequestContext.requestId(context);
        RequestMetrics record;
        Resolution resolution = context.get(RequestContext.RESOLUTION);
        if (prediction != null) {
            // A model ran here unless a backend ran it or the answer was kept from an earlier request.
            boolean ranHere = !prediction.remote() && prediction.resultCacheHit() != 1;
            record = new RequestMetrics(prediction.endpoint(), prediction.variant(),
                    prediction.version().key().name(), prediction.version().key().version(), status, latencyMs,
                    prediction.resultCacheHit() == 1 ? -1 : prediction.inferenceNanos() / 1e6,
                    ranHere ? (prediction.cacheHit() ? 1 : 0) : -1,
                    ranHere && !prediction.cacheHit() ? prediction.modelLoadMillis() : -1, coldStart, requestId,
                    cost.estimate(latencyMs), prediction.resultCacheHit());
        } else if (resolution != null) {
            // Routed, then failed: the failure belongs to the variant that was chosen.
            record = new RequestMetrics(resolution.endpoint(), resolution.variant(),
                    resolution.version().key().name(), resolution.version().key().version(), status, latencyMs,
                    -1, -1, -1, coldStart, requestId, cost.estimate(latencyMs));
        } else {
            String endpoint = context.get(RequestContext.ENDPOINT);
            record = new RequestMetrics(endpoint != null ? endpoint : MetricsContract.UNKNOWN, MetricsContract.NONE,
                    MetricsContract.NONE, MetricsContract.NONE, status, latencyMs, -1, -1, -1, coldStart, requestId,
                    cost.estimate(latencyMs));
        }
        metrics.record(record);
        RequestLog.served(record);
    }

}
