package io.modelfn.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.modelfn.lambda.handler.EventRouting.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * At init, one API Gateway event ({@code GET /v2/health/ready}) through Quarkus's HTTP handler, before the
 * runtime asks for the first event: the first invocation then finds the event's decoding, the virtual HTTP
 * request, routing, the request pipeline and the response's encoding loaded and run once, as priming does
 * for the prediction path. Not traffic: a health request records no metrics and writes no request log line.
 * Best effort: a failure is logged and init goes on.
 */
final class HttpWarmUp {

    static final String REQUEST_ID = "init-warm-up";
    static final String EVENT = """
            {"version":"2.0","routeKey":"$default","rawPath":"/v2/health/ready","rawQueryString":"",\
            "headers":{"accept":"application/json","host":"localhost","user-agent":"modelfn-init"},\
            "requestContext":{"http":{"method":"GET","path":"/v2/health/ready","protocol":"HTTP/1.1",\
            "sourceIp":"127.0.0.1","userAgent":"modelfn-init"},"requestId":"init-warm-up","routeKey":"$default",\
            "stage":"$default","timeEpoch":0},"isBase64Encoded":false}""";
    private static final Logger LOG = Logger.getLogger(HttpWarmUp.class);

    private HttpWarmUp() {
    }

    /**
     * Whether init runs the warm-up: only where init primes the prediction path (on an on-demand init with
     * {@code modelfn.priming.at-start}, or under SnapStart, where all of init is in the snapshot), and then only
     * when the bridge is what the first infer event would use. With the direct infer path on an on-demand init,
     * the bridge's warm-up (about 900 classes of the virtual HTTP request, the router and RESTEasy) is work the
     * first caller waits for and its request never uses; under SnapStart it costs a caller nothing, so it runs.
     *
     * @param primes whether init primes the prediction path ({@code modelfn.priming.at-start})
     * @param snapStart whether this init is SnapStart's (before the snapshot)
     * @param direct whether infer events are answered by the direct path (asked only on an on-demand init that primes)
     */
    static boolean wanted(boolean primes, boolean snapStart, BooleanSupplier direct) {
        if (snapStart) {
            return true;
        }
        return primes && !direct.getAsBoolean();
    }

    /** Sends the event through {@code http}; returns what it answered (empty when it failed). */
    static String run(HttpHandler http) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            http.handleRequest(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), answer, context());
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the HTTP path's warm-up at init failed (the first request pays for it): %s", e.toString());
            return "";
        }
    }

    /** A context with this warm-up's request id and a minute left; nothing else is known at init. */
    private static Context context() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> REQUEST_ID;
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 0;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "init warm-up context";
                    default -> null;
                });
    }
}
