package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.protocol.ContentTypes;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What every request passes through, whatever serves it (JAX-RS, Funqy, Vert.x):
 * <ul>
 *   <li>a request id (the caller's {@code X-Request-Id} when safe, else a new one), echoed back, and
 *       its arrival time, which the prediction path's metrics record measures from;</li>
 *   <li>the checks every body gets before it is read: the declared size, JSON for functions, a body
 *       for every POST;</li>
 *   <li>JSON errors for failures raised outside JAX-RS (Funqy functions, body limits, unknown routes),
 *       mapped by {@link ErrorMapping} like every other error.</li>
 * </ul>
 * Request and response bodies are never logged.
 */
@ApplicationScoped
public class HttpPipeline {

    /** The admin API's routes (functions, and uploads authorised by their signed URL). */
    public static final String ADMIN_PREFIX = "/admin/";
    public static final String UPLOADS_PREFIX = ADMIN_PREFIX + "uploads/";

    @Inject
    ModelfnConfig config;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::begin);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::fail);
    }

    private void begin(RoutingContext context) {
        String requestId = RequestContext.requestIdFor(context.request().getHeader(RequestContext.REQUEST_ID_HEADER));
        context.put(RequestContext.REQUEST_ID, requestId);
        context.put(RequestContext.STARTED, System.nanoTime());
        context.response().putHeader(RequestContext.REQUEST_ID_HEADER, requestId);
        String path = context.request().path();
        boolean upload = path.startsWith(UPLOADS_PREFIX);
        long limit = config.http().maxBodySize().asLongValue();
        long declared = declaredLength(context);
        if (!upload && declared > limit) {
            // Refused before the body is read; bodies without a length are capped while read.
            context.fail(new PayloadTooLargeException(limit));
            return;
        }
        boolean post = context.request().method() == HttpMethod.POST;
        boolean function = path.equals("/predict") || path.startsWith(ADMIN_PREFIX) && !upload;
        if (function && post && !ContentTypes.isJsonOrAbsent(context.request().getHeader("Content-Type"))) {
            context.fail(new UnsupportedContentTypeException("functions take application/json bodies"));
            return;
        }
        if (declared == 0 && post) {
            // Every POST of ours needs a body; an empty one would leave a blocking reader waiting.
            context.fail(new MalformedRequestException("the request body is empty"));
            return;
        }
        context.next();
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
        ApiError error = ErrorMapping.answer(context.failure(), context.statusCode() < 0 ? 500 : context.statusCode(),
                RequestContext.requestId(context));
        if (context.response().headWritten()) {
            context.response().end();
            return;
        }
        error.end(context);
    }
}
