package io.modelfn.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.modelfn.lambda.direct.DirectInfer;
import io.modelfn.lambda.handler.EventRouting.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An API Gateway event answered by the direct path ({@link DirectInfer}) when it takes it, else by Quarkus's
 * HTTP bridge, byte for byte. The direct path is looked up at the first event (the application has started
 * by then); when it is off ({@code modelfn.lambda.direct-infer=false}) every event goes to the bridge as read.
 */
final class DirectOrBridge implements HttpHandler {

    private final Supplier<Function<byte[], byte[]>> directLookup;
    private final HttpHandler bridge;
    private volatile Function<byte[], byte[]> direct;
    private volatile boolean looked;

    /**
     * @param directLookup the direct path (the response event to an event, or null to leave it to the bridge),
     *     or null when it is off; asked once, at the first event
     */
    DirectOrBridge(Supplier<Function<byte[], byte[]>> directLookup, HttpHandler bridge) {
        this.directLookup = directLookup;
        this.bridge = bridge;
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        Function<byte[], byte[]> path = path();
        if (path == null) {
            bridge.handleRequest(event, response, context);
            return;
        }
        byte[] bytes = event.readAllBytes();
        byte[] answer = path.apply(bytes);
        if (answer == null) {
            bridge.handleRequest(new ByteArrayInputStream(bytes), response, context);
            return;
        }
        response.write(answer);
    }

    /** Whether infer events are answered by the direct path (looked up now if not yet: the application must have started). */
    boolean direct() {
        return path() != null;
    }

    private Function<byte[], byte[]> path() {
        if (!looked) {
            direct = directLookup.get();
            looked = true;
        }
        return direct;
    }
}
