package io.modelfn.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.modelfn.core.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Runs an invocation, then flushes the metrics it recorded, before returning: Lambda posts the answer
 * once the handler returns and may then freeze the environment, so no record of the invocation may be
 * left in memory or to a thread. A failed invocation is flushed too.
 */
final class MetricsBeforeAnswer {

    private final Supplier<Metrics> metrics;

    /** @param metrics the application's metrics, or null while the application has not started */
    MetricsBeforeAnswer(Supplier<Metrics> metrics) {
        this.metrics = metrics;
    }

    void run(EventRouting.HttpHandler invocation, InputStream event, OutputStream response, Context context)
            throws IOException {
        try {
            invocation.handleRequest(event, response, context);
        } finally {
            Metrics recorded = metrics.get();
            if (recorded != null) {
                recorded.flush();
            }
        }
    }
}
