package io.modelfn.api.http;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.protocol.ContentTypes;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What every request passes through, whatever serves it (JAX-RS, Funqy, Vert.x):
 * <ul>
 *   <li>a request id (the caller's {@code X-Request-Id} when safe, else a new one), echoed back, and
 *       its arrival time, which the prediction path's metrics record measures from;</li>
 *   <li>the checks every request gets before its body is read: the length of its target and headers,
 *       the declared size, no form or multipart body (the HTTP layer's form decoders never run), JSON
 *       for functions, a body for every POST;</li>
 *   <li>a deadline for the body to arrive ({@code modelfn.http.body-read-timeout}): past it, 408 and
 *       the connection closed, before any worker thread waits on it;</li>
 *   <li>JSON errors for failures raised outside JAX-RS (Funqy functions, body limits, unknown routes,
 *       paths the router cannot decode), mapped by {@link ErrorMapping} like every other error.</li>
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

    /** The routing context's key of the body-read deadline's timer, cancelled once the body is read. */
    private static final String BODY_TIMER = "modelfn.body-timer";

    /** After the HTTP layer's body handler (order {@code Integer.MIN_VALUE + 1}) has read the body. */
    public static final int AFTER_BODY_ORDER = Integer.MIN_VALUE + 3;

    /**
     * The system property that turns off Quarkus's own check of the request target, which answers an
     * unparsable one (a bad escape such as {@code %zz}) with an empty 400 before any route runs.
     * {@link #begin} makes the same check and answers with JSON. Quarkus reads the property once, while
     * it boots, before any bean exists: a runner sets it in its main method or on its command line.
     */
    public static final String QUARKUS_URI_VALIDATION_OFF = "vertx.disableURIValidation";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::begin);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::fail);
        router.route().order(AFTER_BODY_ORDER).handler(this::bodyRead);
        // Failures no route's failure handler sees (a path the router cannot decode, for one).
        for (int status = 400; status < 600; status++) {
            int code = status;
            // The router passes the status aside: the context's own statusCode() is not set for these.
            router.errorHandler(code, context -> answer(context, code));
        }
    }

    private void begin(RoutingContext context) {
        HttpServerRequest request = context.request();
        String requestId = RequestContext.requestIdFor(request.getHeader(RequestContext.REQUEST_ID_HEADER));
        context.put(RequestContext.REQUEST_ID, requestId);
        context.put(RequestContext.STARTED, System.nanoTime());
        context.response().putHeader(RequestContext.REQUEST_ID_HEADER, requestId);
        if (request.uri().length() > config.http().maxUriLength()) {
            context.fail(414);
            return;
        }
        if (headerBytes(request) > config.http().maxHeaderSize().asLongValue()) {
            context.fail(431);
            return;
        }
        if (!isValidTarget(request.uri())) {
            context.fail(new MalformedRequestException("the request target is not a valid URI (a bad escape?)"));
            return;
        }
        UnsupportedContentTypeException form = formRefused(request.getHeader("Content-Type"));
        if (form != null) {
            context.fail(form);
            return;
        }
        String path = request.path();
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
        if (!upload) {
            watchBody(context);
        }
        context.next();
    }

    /** Refuses a POST whose body turned out empty (chunked with no data): a stream over it would never end. */
    private void bodyRead(RoutingContext context) {
        Long bodyTimer = context.get(BODY_TIMER);
        if (bodyTimer != null) {
            // The body is in: from here on the request is served, however long that takes.
            context.vertx().cancelTimer(bodyTimer);
        }
        boolean upload = context.request().path().startsWith(UPLOADS_PREFIX);
        if (context.request().method() == HttpMethod.POST && !upload && context.body().length() <= 0) {
            context.fail(new MalformedRequestException("the request body is empty"));
            return;
        }
        context.next();
    }

    /** Answers 408 and closes the connection when the body has not fully arrived by the deadline. */
    private void watchBody(RoutingContext context) {
        if (context.request().isEnded()) {
            return;
        }
        long timer = context.vertx().setTimer(config.http().bodyReadTimeout().toMillis(), id -> bodyTimedOut(context));
        context.put(BODY_TIMER, timer);
        context.addEndHandler(done -> context.vertx().cancelTimer(timer));
    }

    private static void bodyTimedOut(RoutingContext context) {
        if (context.request().isEnded() || context.response().ended()) {
            return;
        }
        HttpConnection connection = context.request().connection();
        if (context.response().headWritten()) {
            connection.close();
            return;
        }
        try {
            // The rest of the body may still come: the connection cannot carry another request.
            context.response().putHeader("Connection", "close");
            ErrorMapping.ofStatus(408).end(context).onComplete(done -> connection.close());
        } catch (IllegalStateException e) {
            // An answer was started meanwhile (the head is sent): all that is left is to stop waiting.
            connection.close();
        }
    }

    /** The refusal of a form or multipart body, which no route takes; null for any other content type. */
    public static UnsupportedContentTypeException formRefused(String contentType) {
        if (!ContentTypes.isForm(contentType)) {
            return null;
        }
        String type = ContentTypes.mediaType(contentType);
        return new UnsupportedContentTypeException("content type '" + type.substring(0, Math.min(64, type.length()))
                + "' is not supported: no route takes a form or multipart body; send application/json");
    }

    /**
     * Whether {@link URI} parses the request target. A path (and query) of plain characters, the common
     * case, is accepted without building a {@link URI}: every such string is one. Anything else (an escape,
     * an absolute or authority form, other characters) is left to the parser.
     */
    public static boolean isValidTarget(String uri) {
        if (isPlainOriginForm(uri)) {
            return true;
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * An origin-form target ({@code /path[?query]}, not {@code //...}) of the characters {@link URI} takes
     * unescaped in a path: letters, digits, {@code -_.!~*'()}, {@code ,;:$&+=}, {@code @} and {@code /},
     * and {@code ?}, which starts the query (where all of these are taken too).
     */
    private static boolean isPlainOriginForm(String uri) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) != '/' || length > 1 && uri.charAt(1) == '/') {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = uri.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                continue;
            }
            if ("-_.!~*'(),;:$&+=@/?".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long headerBytes(HttpServerRequest request) {
        long size = 0;
        for (var header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    private static long declaredLength(RoutingContext context) {
        return declaredLength(context.request().getHeader("Content-Length"));
    }

    /** The length a {@code Content-Length} header declares; -1 when absent or not a number. */
    public static long declaredLength(String header) {
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
        answer(context, context.statusCode());
    }

    private static void answer(RoutingContext context, int status) {
        if (context.response().ended()) {
            return;
        }
        ApiError error = ErrorMapping.answer(context.failure(), status < 0 ? 500 : status, RequestContext.requestId(context));
        if (context.response().headWritten()) {
            context.response().end();
            return;
        }
        error.end(context);
    }
}
