package io.modelfn.api.http;

import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.prediction.Resolution;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * What the HTTP pipeline remembers about a request while it runs: its id, when it started, which
 * endpoint it asked for and which prediction answered. Kept on the Vert.x routing context so the
 * resource, the error mapping and the metrics record all see the same facts.
 */
public final class RequestContext {

    /** Where the admin functions and uploads live; the pipeline treats their bodies apart. */
    public static final String ADMIN_PREFIX = "/admin/";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String MODEL_HEADER = "X-ModelFn-Model";
    public static final String VERSION_HEADER = "X-ModelFn-Version";
    public static final String VARIANT_HEADER = "X-ModelFn-Variant";
    public static final String ENDPOINT_HEADER = "X-ModelFn-Endpoint";

    static final String REQUEST_ID = "modelfn.requestId";
    static final String STARTED = "modelfn.startedNanos";
    static final String PREDICTION = "modelfn.prediction";
    static final String ENDPOINT = "modelfn.endpoint";
    static final String RESOLUTION = "modelfn.resolution";
    static final String FAILURE = "modelfn.failure";
    static final String METERED = "modelfn.metered";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestContext() {
    }

    /**
     * The caller's request id when it is a safe token, else a new random (version 4) UUID. Drawn from
     * {@link ThreadLocalRandom}, not {@code UUID.randomUUID()}: an id only has to be unique, not
     * unguessable, and the secure generator is a lock every request would queue on.
     */
    static String requestIdFor(String header) {
        return header != null && SAFE_ID.matcher(header).matches() ? header : newRequestId();
    }

    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62); // IETF variant
        return new UUID(high, low).toString();
    }

    public static String requestId(RoutingContext context) {
        return context == null ? null : context.get(REQUEST_ID);
    }

    /** Marks the request as a prediction: it gets a metrics record when it ends. */
    public static void meter(RoutingContext context) {
        if (context != null) {
            context.put(METERED, Boolean.TRUE);
        }
    }

    /**
     * Records the registered endpoint the request resolved to; until then its metrics say
     * {@code unknown}, so request paths cannot mint metric dimensions.
     */
    public static void resolved(RoutingContext context, String endpoint) {
        if (context != null) {
            context.put(ENDPOINT, endpoint);
        }
    }

    /**
     * Records which variant and version the request was routed to: a failure from here on (an
     * inference error, a backend timeout) counts for that variant, so a failing canary's errors reach
     * the canary's alarms.
     */
    public static void resolved(RoutingContext context, Resolution resolution) {
        if (context != null) {
            context.put(ENDPOINT, resolution.endpoint());
            context.put(RESOLUTION, resolution);
        }
    }

    /** Records the answer and sets the response headers that name who answered. */
    public static void answered(RoutingContext context, Prediction prediction) {
        if (context == null) {
            return;
        }
        context.put(PREDICTION, prediction);
        var headers = context.response().headers();
        headers.set(MODEL_HEADER, prediction.version().key().name());
        headers.set(VERSION_HEADER, prediction.version().key().version());
        headers.set(VARIANT_HEADER, prediction.variant());
        headers.set(ENDPOINT_HEADER, prediction.endpoint());
    }

    static void recordFailure(RoutingContext context, Throwable failure) {
        if (context != null) {
            context.put(FAILURE, failure);
        }
    }
}
