package io.modelfn.core.tracing.xray;

import io.modelfn.core.tracing.Span;
import io.modelfn.core.tracing.TraceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span of {@link XRayTracer}: a segment or subsegment of the request's document. Times are taken
 * with the tracer's nano clock and placed on the wall clock through the request span's start.
 */
final class XRaySpan implements Span {

    private final XRayTracer tracer;
    private final XRaySpan request;
    final TraceContext trace;
    final String id;
    /** The parent's id: the caller's span or the function segment for the request span; null for a new trace. */
    final String parentId;
    /** Whether the request span is a subsegment of the runtime's segment (Lambda). */
    final boolean subsegmentOfRuntime;
    final String name;
    final Kind kind;
    private final double requestEpochSeconds;
    private final long requestNanos;
    final long startNanos;
    private final List<XRaySpan> children = new ArrayList<>(4);
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private volatile long endNanos = -1;
    private volatile int status;

    private XRaySpan(XRayTracer tracer, XRaySpan request, TraceContext trace, String parentId, boolean subsegmentOfRuntime,
            String name, Kind kind, double requestEpochSeconds, long requestNanos, long startNanos) {
        this.tracer = tracer;
        this.request = request == null ? this : request;
        this.trace = trace;
        this.id = TraceContext.newSpanId();
        this.parentId = parentId;
        this.subsegmentOfRuntime = subsegmentOfRuntime;
        this.name = name;
        this.kind = kind;
        this.requestEpochSeconds = requestEpochSeconds;
        this.requestNanos = requestNanos;
        this.startNanos = startNanos;
    }

    static XRaySpan request(XRayTracer tracer, TraceContext trace, boolean continued, String serviceName,
            double epochSeconds, long nanos) {
        return new XRaySpan(tracer, null, trace, continued ? trace.spanId() : null, continued && trace.enclosing(),
                serviceName, Kind.INTERNAL, epochSeconds, nanos, nanos);
    }

    @Override
    public Span child(String childName) {
        return child(childName, Kind.INTERNAL, tracer.nanoTime());
    }

    @Override
    public Span child(String childName, Kind childKind, long startedNanos) {
        XRaySpan child = new XRaySpan(tracer, request, trace, id, false, childName, childKind, requestEpochSeconds,
                requestNanos, startedNanos);
        synchronized (this) {
            children.add(child);
        }
        return child;
    }

    @Override
    public synchronized void annotate(String key, String value) {
        if (value != null) {
            annotations.put(key, value);
        }
    }

    @Override
    public void status(int httpStatus) {
        this.status = httpStatus;
    }

    @Override
    public TraceContext context() {
        return trace.withSpanId(id);
    }

    @Override
    public void end() {
        if (endNanos >= 0) {
            return;
        }
        endNanos = tracer.nanoTime();
        if (request == this) {
            tracer.send(this);
        }
    }

    boolean isRequest() {
        return request == this;
    }

    int status() {
        return status;
    }

    boolean ended() {
        return endNanos >= 0;
    }

    double startSeconds() {
        return seconds(startNanos);
    }

    double endSeconds() {
        return seconds(endNanos);
    }

    private double seconds(long nanos) {
        return requestEpochSeconds + (nanos - requestNanos) / 1e9;
    }

    synchronized List<XRaySpan> children() {
        return List.copyOf(children);
    }

    synchronized Map<String, String> annotations() {
        return Map.copyOf(annotations);
    }
}
