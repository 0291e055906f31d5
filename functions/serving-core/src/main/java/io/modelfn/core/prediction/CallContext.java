package io.modelfn.core.prediction;

import io.modelfn.core.tracing.TraceContext;

/**
 * What the transport knows about a call before any protocol reads it.
 *
 * @param requestId the request's id (for logs, metrics and traces); never null
 * @param startedNanos when the transport received it ({@link System#nanoTime()}), for the latency metric
 * @param routingKeyHeader the value of the routing-key header, or null; it wins over a routing key
 *     the protocol carries in the body
 * @param trace the trace this call continues (the caller's trace header, or the runtime's), or null:
 *     a new trace, if tracing is on
 */
public record CallContext(String requestId, long startedNanos, String routingKeyHeader, TraceContext trace) {

    /** A call that continues no trace. */
    public CallContext(String requestId, long startedNanos, String routingKeyHeader) {
        this(requestId, startedNanos, routingKeyHeader, null);
    }

    /** A call that starts now, with no routing-key header. */
    public static CallContext startingNow(String requestId) {
        return new CallContext(requestId, System.nanoTime(), null);
    }
}
