package io.modelfn.core.tracing;

/**
 * Starts the span of a served request. Implementations export spans (e.g. X-Ray segment documents
 * to the daemon) and must never fail a request: an export that fails is dropped. Thread-safe.
 */
public interface Tracer {

    /** Tracing off: every request gets {@link Span#NONE}. */
    Tracer OFF = new Tracer() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Span startRequest(TraceContext parent) {
            return Span.NONE;
        }
    };

    /** Whether spans are recorded at all; when false, transports need not read trace headers. */
    boolean enabled();

    /**
     * The span of one request, continuing {@code parent} (the caller's or the runtime's trace) when
     * not null, else a new trace; {@link Span#NONE} when the parent is not sampled.
     */
    Span startRequest(TraceContext parent);
}
