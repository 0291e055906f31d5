package io.modelfn.core.prediction;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Request ids (version 4 UUIDs in form) that stay unique across the copies of one process that a
 * VM snapshot makes: Lambda SnapStart restores many execution environments from one snapshot.
 *
 * <p>An id is a per-process nonce (the 60 free bits of the UUID's upper half) and a counter (the
 * 62 free bits of the lower half). Within a process the counter makes ids unique outright; between
 * processes the nonces differ. A snapshot copies both, so every copy restored from it would hand
 * out the same ids in the same order (and feedback, which de-duplicates on the prediction id,
 * would refuse the later copies' labels): {@link #reseed()}, called after each restore before the
 * first request, draws a new nonce from {@link SecureRandom}, whose Linux implementation mixes
 * fresh {@code /dev/urandom} bytes into what it returns. {@link ThreadLocalRandom} alone would not
 * do: its seeds are part of the snapshot.
 *
 * <p>Ids only have to be unique, not unguessable (a feedback report proves its prediction with a
 * signed token, not with the id). No draw takes a lock: the counter is one atomic add.
 *
 * <p>Thread-safe.
 */
public final class RequestIds {

    private static final RequestIds PROCESS = new RequestIds(RequestIds::secureLong);

    private static final long VERSION_MASK = 0xf000L;
    private static final long VERSION_4 = 0x4000L;
    private static final long VARIANT_MASK = 0x3L << 62;
    private static final long IETF_VARIANT = 0x2L << 62;

    private final LongSupplier entropy;
    private final AtomicLong counter;
    private volatile long nonce;

    /** @param entropy a value no other copy of this process shares, drawn at construction and at each reseed */
    RequestIds(LongSupplier entropy) {
        this.entropy = entropy;
        this.nonce = entropy.getAsLong();
        this.counter = new AtomicLong(entropy.getAsLong() >>> 2);
    }

    private RequestIds(RequestIds snapshot) {
        this.entropy = snapshot.entropy;
        this.nonce = snapshot.nonce;
        this.counter = new AtomicLong(snapshot.counter.get());
    }

    /** The ids of this process. */
    public static RequestIds process() {
        return PROCESS;
    }

    /** A new id. */
    public String next() {
        long high = (nonce & ~VERSION_MASK) | VERSION_4;
        long low = (counter.getAndIncrement() & ~VARIANT_MASK) | IETF_VARIANT;
        return new UUID(high, low).toString();
    }

    /** Draws a new nonce: call after a snapshot restore, before the first request. */
    public void reseed() {
        nonce = entropy.getAsLong();
    }

    /** What a snapshot of this process holds: a copy with the same nonce and counter (for tests). */
    RequestIds snapshotCopy() {
        return new RequestIds(this);
    }

    private static long secureLong() {
        return new SecureRandom().nextLong() ^ System.nanoTime();
    }
}
