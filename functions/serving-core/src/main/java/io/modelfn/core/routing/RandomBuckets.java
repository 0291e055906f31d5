package io.modelfn.core.routing;

import io.modelfn.core.registry.Variant;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The random buckets (0..9999) {@link TrafficRouter} gives requests without a routing key and uses
 * to sample shadow copies, safe to use after a VM snapshot is restored.
 *
 * <p>Why not {@link ThreadLocalRandom} alone: a Lambda SnapStart snapshot holds every thread's
 * random state and the seed new threads derive theirs from, so every environment restored from
 * one snapshot would draw the same sequence: the first unkeyed requests of every fresh environment
 * would land on the same variant, skewing a 5 % canary and its shadow sample. Each draw here is
 * {@code ThreadLocalRandom} (fast, no contention) mixed with a salt, and {@link #reseed()} (called
 * after a restore) takes a new salt from {@link SecureRandom}, whose Linux implementation mixes
 * fresh bytes from {@code /dev/urandom} into what it returns, so restored copies diverge.
 *
 * <p>Thread-safe.
 */
public final class RandomBuckets implements IntSupplier {

    private final LongSupplier draws;
    private final LongSupplier entropy;
    private final AtomicInteger reseeds = new AtomicInteger();
    private volatile long salt;

    public RandomBuckets() {
        this(() -> ThreadLocalRandom.current().nextLong(), RandomBuckets::secureLong);
    }

    /**
     * @param draws one pseudo-random long per request
     * @param entropy a value no other copy of this process shares, taken at construction and at every reseed
     */
    RandomBuckets(LongSupplier draws, LongSupplier entropy) {
        this.draws = draws;
        this.entropy = entropy;
        this.salt = entropy.getAsLong();
    }

    @Override
    public int getAsInt() {
        return (int) Long.remainderUnsigned(mix(draws.getAsLong() ^ salt), Variant.TOTAL_WEIGHT);
    }

    /** Takes a new salt: call after a snapshot restore, before the first request. */
    public void reseed() {
        salt = entropy.getAsLong();
        reseeds.incrementAndGet();
    }

    /** How many times {@link #reseed()} has run. */
    public int reseeds() {
        return reseeds.get();
    }

    /** SplitMix64's finaliser: every bit of the salt reaches every bit of the result. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long secureLong() {
        return new SecureRandom().nextLong() ^ System.nanoTime();
    }
}
