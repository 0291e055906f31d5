package io.modelfn.core.routing;

import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Picks the variant that answers a request.
 *
 * <p>Every caller is placed in one of 10000 buckets: {@code hash(salt, routing key) mod 10000}, or a
 * random bucket when the request carries no routing key. Variants own consecutive bucket ranges in a
 * fixed order: the canary first, then the other non-stable variants by name, the stable variant last.
 * So the assignment is <em>sticky</em> (a caller keeps its variant while weights stay) and
 * <em>monotone</em> for canaries: raising the canary's weight only moves callers into it, and setting
 * it to zero moves every one of them back.
 *
 * <p>Stateless and thread-safe.
 */
public final class TrafficRouter {

    private final IntSupplier randomBucket;

    public TrafficRouter() {
        this(() -> ThreadLocalRandom.current().nextInt(Variant.TOTAL_WEIGHT));
    }

    /** With a bucket source for requests without routing keys (tests pass a fixed sequence). */
    public TrafficRouter(IntSupplier randomBucket) {
        this.randomBucket = randomBucket;
    }

    /**
     * The variant for this request.
     *
     * @param routingKey the caller's identity for sticky assignment, or null for a random bucket
     * @throws IllegalStateException when the endpoint has no variant with weight (never stored so)
     */
    public Variant route(EndpointConfig endpoint, String routingKey) {
        int bucket = routingKey == null || routingKey.isEmpty()
                ? randomBucket.getAsInt()
                : bucket(endpoint.stickySalt(), routingKey);
        return variantForBucket(endpoint, bucket);
    }

    /** Whether this request's copy goes to the endpoint's shadow (sampled at random). */
    public boolean sampleShadow(EndpointConfig endpoint) {
        return endpoint.shadowConfig().map(s -> randomBucket.getAsInt() < s.sampleRate()).orElse(false);
    }

    /** The variant owning {@code bucket} (0..9999) under the endpoint's current weights. */
    public static Variant variantForBucket(EndpointConfig endpoint, int bucket) {
        int upper = 0;
        Variant last = null;
        for (Variant variant : rangeOrder(endpoint.variants())) {
            if (variant.weight() == 0) {
                continue;
            }
            upper += variant.weight();
            last = variant;
            if (bucket < upper) {
                return variant;
            }
        }
        if (last == null) {
            throw new IllegalStateException("endpoint " + endpoint.name() + " has no variant with traffic");
        }
        return last;
    }

    /** The order in which variants own bucket ranges: canary, others by name, stable. */
    public static List<Variant> rangeOrder(List<Variant> variants) {
        List<Variant> ordered = new ArrayList<>(variants);
        ordered.sort(Comparator.comparingInt(TrafficRouter::rank).thenComparing(Variant::name));
        return ordered;
    }

    private static int rank(Variant variant) {
        return switch (variant.name()) {
            case Variant.CANARY -> 0;
            case Variant.STABLE -> 2;
            default -> 1;
        };
    }

    /** {@code hash(salt, key) mod 10000}: 64-bit FNV-1a over the UTF-8 bytes, then a SplitMix64 finaliser. */
    public static int bucket(String salt, String routingKey) {
        long hash = 0xcbf29ce484222325L;
        hash = fnv(hash, salt.getBytes(StandardCharsets.UTF_8));
        hash = (hash ^ 0xff) * 0x100000001b3L;
        hash = fnv(hash, routingKey.getBytes(StandardCharsets.UTF_8));
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return (int) Long.remainderUnsigned(hash, Variant.TOTAL_WEIGHT);
    }

    private static long fnv(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
