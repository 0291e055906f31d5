package io.modelfn.core.tracing.xray;

import io.modelfn.core.tracing.Span;
import io.modelfn.core.tracing.TraceContext;
import io.modelfn.core.tracing.Tracer;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Records each request as one X-Ray document, sent to a {@link SegmentSink} when the request's span
 * ends, with its steps as nested subsegments. Under Lambda (the parent is the runtime's function
 * segment, {@link TraceContext#enclosing()}) the request is a subsegment of the function's segment;
 * elsewhere (the api container) it is a segment named after the service, whose parent is the caller's
 * span. Unsampled parents are not recorded. Thread-safe.
 */
public final class XRayTracer implements Tracer {

    private final SegmentSink sink;
    private final String serviceName;
    private final Clock clock;
    private final LongSupplier nanoClock;

    public XRayTracer(SegmentSink sink, String serviceName) {
        this(sink, serviceName, Clock.systemUTC(), System::nanoTime);
    }

    /** @param nanoClock the clock spans are timed with, as {@link System#nanoTime()} */
    public XRayTracer(SegmentSink sink, String serviceName, Clock clock, LongSupplier nanoClock) {
        this.sink = sink;
        this.serviceName = serviceName;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Span startRequest(TraceContext parent) {
        if (parent != null && !parent.sampled()) {
            return Span.NONE;
        }
        long nanos = nanoClock.getAsLong();
        Instant now = clock.instant();
        double epochSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        TraceContext trace = parent != null ? parent : TraceContext.newTrace(now.getEpochSecond());
        return XRaySpan.request(this, trace, parent != null, serviceName, epochSeconds, nanos);
    }

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    void send(XRaySpan request) {
        sink.send(SegmentDocument.write(request));
    }
}
