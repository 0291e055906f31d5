package io.modelfn.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.modelfn.core.shadow.ShadowEventJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Tells a shadow event from every other event by its first field ({@link ShadowEventJson#isShadowEvent},
 * read from the first bytes only, never the whole event), and hands it to the comparison; every other
 * event goes, byte for byte, to the HTTP handler.
 *
 * <p>Only an IAM principal allowed {@code lambda:InvokeFunction} on this function can send a shadow event:
 * API Gateway's events always open with its own fields and carry a caller's body as a string inside them.
 */
final class EventRouting {

    /** More than the marker can be preceded by in any event we write. */
    static final int PEEK_BYTES = 256;

    /** The HTTP application's handler, as Quarkus's stream handler exposes it. */
    interface HttpHandler {
        void handleRequest(InputStream event, OutputStream response, Context context) throws IOException;
    }

    private final Function<byte[], ?> shadow;
    private final HttpHandler http;

    /** @param shadow compares one shadow event, answering what became of it */
    EventRouting(Function<byte[], ?> shadow, HttpHandler http) {
        this.shadow = shadow;
        this.http = http;
    }

    void route(InputStream event, OutputStream response, Context context) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(event, PEEK_BYTES);
        buffered.mark(PEEK_BYTES);
        byte[] head = buffered.readNBytes(PEEK_BYTES);
        buffered.reset();
        if (!ShadowEventJson.isShadowEvent(head)) {
            http.handleRequest(buffered, response, context);
            return;
        }
        Object outcome = shadow.apply(buffered.readAllBytes());
        // Lambda drops an asynchronous invocation's response; a synchronous caller (a test harness) reads it.
        response.write(("{\"shadowOutcome\":\"" + outcome + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
