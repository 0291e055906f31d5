package io.modelfn.core.tracing.xray;

/**
 * Where finished segment documents go. Implementations never throw: a document that cannot be sent is
 * dropped (tracing must not fail a request). Thread-safe.
 */
@FunctionalInterface
public interface SegmentSink {

    /** Sends one segment document (JSON, without the daemon's header line). */
    void send(String document);
}
