package io.modelfn.local;

import io.modelfn.core.protocol.LengthRequiredException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Chunked POST bodies (no Content-Length) are refused with 411 by the local runner, except where a
 * body is read as a stream and cut at {@code modelfn.http.max-body-size} (the inference protocol and
 * {@code /invocations}). The local runner lifts the HTTP layer's body limit to 2 GB for model uploads,
 * and Funqy functions ({@code /predict}, {@code /admin/...}) and byte-array resources buffer a whole
 * body before any of our code runs, so without a declared length, which the HTTP pipeline checks
 * against our limit before reading, one chunked request could make the runner hold gigabytes. In AWS,
 * API Gateway and Lambda bound every body, and their requests reach us chunked: this stays local.
 */
@ApplicationScoped
public class LocalChunkedBodies {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    private void check(RoutingContext context) {
        var request = context.request();
        String path = request.path();
        String transferEncoding = request.getHeader("Transfer-Encoding");
        boolean chunked = transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
        boolean streamed = path.startsWith("/v2/") || path.equals("/invocations");
        if (request.method() == HttpMethod.POST && chunked && request.getHeader("Content-Length") == null && !streamed) {
            context.fail(new LengthRequiredException(
                    "length required: send this body with a Content-Length header (at most the body limit)"));
            return;
        }
        context.next();
    }
}
