package io.modelfn.core.tracing;

/**
 * One timed step of a request (the request itself, routing, a model load, inference, a forward to a
 * backend). Made by a {@link Tracer}; {@link #NONE} when tracing is off or the trace is not sampled,
 * which does nothing and allocates nothing. A span is used by one thread at a time; children may end
 * on other threads. Names and annotations carry identifiers (endpoint, model, version), never request
 * payloads.
 */
public interface Span {

    /** What a span stands for, as the exporter names it. */
    enum Kind {
        /** Work in this process. */
        INTERNAL,
        /** A call to a service of ours elsewhere (an HTTP backend). */
        REMOTE,
        /** A call to an AWS service (SageMaker's InvokeEndpoint). */
        AWS
    }

    /** The span that records nothing. */
    Span NONE = new Span() {
        @Override
        public Span child(String name, Kind kind, long startedNanos) {
            return this;
        }

        @Override
        public void annotate(String key, String value) {
        }

        @Override
        public void status(int httpStatus) {
        }

        @Override
        public TraceContext context() {
            return null;
        }

        @Override
        public void end() {
        }
    };

    /**
     * A child span.
     *
     * @param startedNanos when it started, as {@link System#nanoTime()} (a step timed before it was known
     *     to be worth a span, such as a wait for a model load)
     */
    Span child(String name, Kind kind, long startedNanos);

    /** A child of this span of work in this process, starting now. */
    default Span child(String name) {
        return child(name, Kind.INTERNAL, System.nanoTime());
    }

    /** Adds an indexed identifier (endpoint, variant, model, version); never a request's content. */
    void annotate(String key, String value);

    /** The HTTP status this step ended with: 4xx marks an error, 429 a throttle, 5xx a fault. */
    void status(int httpStatus);

    /** This span as the parent of the next hop's spans, for propagation; null for {@link #NONE}. */
    TraceContext context();

    /** Ends the span; a request span sends its trace. Later calls do nothing. */
    void end();
}
