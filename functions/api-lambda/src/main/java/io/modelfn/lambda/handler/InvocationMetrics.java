package io.modelfn.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.modelfn.core.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs an invocation and sees that the metrics it recorded are written before the environment can be frozen:
 * Lambda posts the answer once the handler returns and may then freeze the environment, so no record of the
 * invocation may be left in memory. Where the after-response extension runs ({@code extensionFlushes}), it flushes
 * them after the answer is posted and before it releases the environment, and the caller does not wait for the
 * write; else they are flushed here, before returning. A failed invocation's records are flushed too.
 */
final class InvocationMetrics {

    private final Supplier<Metrics> metrics;
    private final BooleanSupplier extensionFlushes;

    /**
     * @param metrics the application's metrics, or null while the application has not started
     * @param extensionFlushes whether the after-response extension flushes each invocation's records once it has
     *        ended (read as the invocation ends)
     */
    InvocationMetrics(Supplier<Metrics> metrics, BooleanSupplier extensionFlushes) {
        this.metrics = metrics;
        this.extensionFlushes = extensionFlushes;
    }

    void run(EventRouting.HttpHandler invocation, InputStream event, OutputStream response, Context context)
            throws IOException {
        try {
            invocation.handleRequest(event, response, context);
        } finally {
            if (!extensionFlushes.getAsBoolean()) {
                Metrics recorded = metrics.get();
                if (recorded != null) {
                    recorded.flush();
                }
            }
        }
    }
}
