package io.modelfn.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class RandomBucketsTest {

    @Test
    void reseed_should_make_copies_restored_from_one_snapshot_draw_different_buckets() {
        // GIVEN two copies of one process restored from the same snapshot: same random state, same salt
        RandomBuckets first = new RandomBuckets(sameSequence(), fixedThen(42, 1001));
        RandomBuckets second = new RandomBuckets(sameSequence(), fixedThen(42, 2002));
        assertThat(draw(first, 20)).as("before the reseed").isEqualTo(draw(second, 20));

        // WHEN each is reseeded after its restore (each gets entropy of its own)
        first.reseed();
        second.reseed();

        // THEN their next draws differ
        assertThat(draw(first, 20)).isNotEqualTo(draw(second, 20));
        assertThat(first.reseeds()).isEqualTo(1);
    }

    @Test
    void getAsInt_should_spread_requests_evenly_over_the_10000_buckets() {
        // GIVEN the buckets the router uses for unkeyed requests
        RandomBuckets buckets = new RandomBuckets();

        // WHEN 200000 requests draw one
        int[] quarters = new int[4];
        for (int i = 0; i < 200_000; i++) {
            int bucket = buckets.getAsInt();
            assertThat(bucket).isBetween(0, 9_999);
            quarters[bucket / 2_500]++;
        }

        // THEN a 25 % canary gets about 25 % of them (within 1 point)
        for (int count : quarters) {
            assertThat(count).isBetween(48_000, 52_000);
        }
    }

    /** The same pseudo-random sequence for every copy, as a restored snapshot's thread-local state is. */
    private static LongSupplier sameSequence() {
        SplittableRandom random = new SplittableRandom(7);
        return random::nextLong;
    }

    /** {@code first} at construction, {@code then} at every reseed. */
    private static LongSupplier fixedThen(long first, long then) {
        AtomicLong calls = new AtomicLong();
        return () -> calls.getAndIncrement() == 0 ? first : then;
    }

    private static List<Integer> draw(RandomBuckets buckets, int count) {
        List<Integer> drawn = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drawn.add(buckets.getAsInt());
        }
        return drawn;
    }
}
