package io.modelfn.api.http;

import io.modelfn.api.tracing.IncomingTrace;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.RequestIds;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What the HTTP pipeline remembers about a request while it runs: its id and when it started, kept
 * on the Vert.x routing context, handed to the prediction path as its {@link CallContext}; and the
 * headers that name who answered.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String MODEL_HEADER = "X-ModelFn-Model";
    public static final String VERSION_HEADER = "X-ModelFn-Version";
    public static final String VARIANT_HEADER = "X-ModelFn-Variant";
    public static final String ENDPOINT_HEADER = "X-ModelFn-Endpoint";

    static final String REQUEST_ID = "modelfn.requestId";
    static final String STARTED = "modelfn.startedNanos";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestContext() {
    }

    /**
     * The caller's request id when it is a safe token, else a new one from {@link RequestIds}: unique
     * across the environments a SnapStart snapshot is restored into, and drawn without a lock.
     */
    public static String requestIdFor(String header) {
        return header != null && SAFE_ID.matcher(header).matches() ? header : newRequestId();
    }

    static String newRequestId() {
        return RequestIds.process().next();
    }

    public static String requestId(RoutingContext context) {
        return context == null ? null : context.get(REQUEST_ID);
    }

    /**
     * What the transport knows of a prediction call: its id, when it arrived, the routing-key header
     * and, when {@code traced}, the trace it continues ({@link IncomingTrace}). Outside an HTTP request
     * (a direct function call) the call starts now with a new id.
     */
    public static CallContext call(RoutingContext context, String routingKeyHeader, boolean traced) {
        if (context == null) {
            return traced ? new CallContext(newRequestId(), System.nanoTime(), null, IncomingTrace.of((UnaryOperator<String>) null))
                    : CallContext.startingNow(newRequestId());
        }
        Long started = context.get(STARTED);
        return call(context.get(REQUEST_ID), started == null ? System.nanoTime() : started, context.request()::getHeader,
                routingKeyHeader, traced);
    }

    /**
     * The same from any transport that has read a request: its id, its arrival ({@link System#nanoTime()}),
     * and {@code header}, which answers a request header's value by name (null when absent).
     */
    public static CallContext call(String requestId, long startedNanos, UnaryOperator<String> header, String routingKeyHeader,
            boolean traced) {
        return new CallContext(requestId, startedNanos, header.apply(routingKeyHeader), traced ? IncomingTrace.of(header) : null);
    }

    /** Sets the response headers that name who answered. */
    public static void answered(RoutingContext context, Prediction prediction) {
        if (context == null) {
            return;
        }
        answered(context.response().headers()::set, prediction);
    }

    /** The same onto any transport's response headers ({@code header} sets one by name and value). */
    public static void answered(BiConsumer<String, String> header, Prediction prediction) {
        header.accept(MODEL_HEADER, prediction.version().key().name());
        header.accept(VERSION_HEADER, prediction.version().key().version());
        header.accept(VARIANT_HEADER, prediction.variant());
        header.accept(ENDPOINT_HEADER, prediction.endpoint());
    }
}
