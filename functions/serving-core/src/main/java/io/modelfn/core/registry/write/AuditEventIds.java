package io.modelfn.core.registry.write;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of {@link AuditEvent}s: unique (a random part), and increasing within one process (a counter
 * in front), so that events of the same millisecond, which a registry sorts by id, still come in the
 * order they were made. Events of two processes in one millisecond have no meaningful order.
 *
 * <p>Thread-safe.
 */
public final class AuditEventIds {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AuditEventIds() {
    }

    /** {@code <16 hex digits of the counter>-<12 random hex digits>}, 29 characters. */
    public static String next() {
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return String.format("%016x-%s", SEQUENCE.incrementAndGet(), random);
    }
}
