package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which targets run on the event loop: those whose warm calls were measured under the threshold. */
class CallTimesTest {

    private static final long THRESHOLD = 200_000;

    @Test
    void small_should_be_false_until_enough_warm_calls_were_measured() {
        // GIVEN a target with one call fewer than needed, all fast
        CallTimes times = new CallTimes(THRESHOLD);
        String key = CallTimes.key("iris", null);
        for (int i = 0; i < CallTimes.WARM_CALLS - 1; i++) {
            times.answered(key, 10_000, true);
        }
        // THEN it still goes to the workers; one more call and it runs on the event loop
        assertThat(times.small(key)).isFalse();
        times.answered(key, 10_000, true);
        assertThat(times.small(key)).isTrue();
    }

    @Test
    void small_should_be_false_when_the_average_is_over_the_threshold() {
        // GIVEN a target whose calls take 1 ms
        CallTimes times = new CallTimes(THRESHOLD);
        String key = CallTimes.key("wide-mlp", "1.0.0");
        for (int i = 0; i < 50; i++) {
            times.answered(key, 1_000_000, true);
        }
        // THEN it stays on the workers
        assertThat(times.small(key)).isFalse();
        assertThat(times.averageNanos(key)).isGreaterThan(THRESHOLD);
    }

    @Test
    void small_should_turn_false_when_a_call_was_not_warm_or_failed_slowly() {
        // GIVEN a target measured small
        CallTimes times = new CallTimes(THRESHOLD);
        String key = CallTimes.key("iris", "production");
        for (int i = 0; i < 20; i++) {
            times.answered(key, 10_000, true);
        }
        assertThat(times.small(key)).isTrue();
        // WHEN a call had to load its model
        times.answered(key, 2_000_000_000L, false);
        // THEN the next calls go to the workers until measured again
        assertThat(times.small(key)).isFalse();
        assertThat(times.averageNanos(key)).isEqualTo(-1);
        for (int i = 0; i < CallTimes.WARM_CALLS; i++) {
            times.answered(key, 10_000, true);
        }
        assertThat(times.small(key)).isTrue();
        // WHEN a call fails after longer than the threshold (a load timing out), the same
        times.failed(key, 5_000_000_000L);
        assertThat(times.small(key)).isFalse();
    }

    @Test
    void average_should_follow_a_slowing_model() {
        // GIVEN a target measured small, whose calls then take 1 ms each
        CallTimes times = new CallTimes(THRESHOLD);
        String key = CallTimes.key("digits", null);
        for (int i = 0; i < 20; i++) {
            times.answered(key, 10_000, true);
        }
        int calls = 0;
        while (times.small(key)) {
            times.answered(key, 1_000_000, true);
            calls++;
        }
        // THEN a few calls move it off the event loop (weight 1/8, a call counted at most 800 µs: 3 calls)
        assertThat(calls).isBetween(1, 4);
    }

    @Test
    void small_should_stay_true_after_one_stall_of_a_fast_target() {
        // GIVEN a target measured small (20 µs calls)
        CallTimes times = new CallTimes(THRESHOLD);
        String key = CallTimes.key("iris", "1.1.0");
        for (int i = 0; i < 20; i++) {
            times.answered(key, 20_000, true);
        }
        // WHEN one call took 30 ms (its thread descheduled, a GC pause), between fast ones
        times.answered(key, 30_000_000, true);
        // THEN the target stays on the event loop: the stall counted as 4 × the threshold, no more
        assertThat(times.small(key)).isTrue();
        assertThat(times.averageNanos(key)).isLessThan(THRESHOLD);
        // WHEN, after more fast calls, two calls in a row are slow
        for (int i = 0; i < 20; i++) {
            times.answered(key, 20_000, true);
        }
        times.answered(key, 30_000_000, true);
        assertThat(times.small(key)).isTrue();
        times.answered(key, 30_000_000, true);
        // THEN the target goes to the workers
        assertThat(times.small(key)).isFalse();
    }

    @Test
    void small_should_be_false_for_every_target_when_the_threshold_is_zero() {
        CallTimes times = new CallTimes(0);
        String key = CallTimes.key("iris", null);
        for (int i = 0; i < 20; i++) {
            times.answered(key, 1, true);
        }
        assertThat(times.small(key)).isFalse();
        assertThat(times.averageNanos(key)).isEqualTo(-1);
    }

    @Test
    void answered_should_keep_no_more_than_the_cap_of_targets() {
        // GIVEN as many measured targets as the cap allows
        CallTimes times = new CallTimes(THRESHOLD);
        for (int i = 0; i < CallTimes.MAX_TARGETS; i++) {
            times.answered(CallTimes.key("m" + i, null), 10_000, true);
        }
        // WHEN one more target answers, over and over
        String extra = CallTimes.key("one-too-many", null);
        for (int i = 0; i < 20; i++) {
            times.answered(extra, 10_000, true);
        }
        // THEN it is not kept: its calls stay on the workers
        assertThat(times.averageNanos(extra)).isEqualTo(-1);
        assertThat(times.small(extra)).isFalse();
    }

    @Test
    void key_should_tell_an_endpoint_from_a_pinned_version() {
        assertThat(CallTimes.key("iris", null)).isNotEqualTo(CallTimes.key("iris", "1.1.0"));
        assertThat(CallTimes.key("iris", "1.1.0")).isNotEqualTo(CallTimes.key("iris", "1.1.1"));
    }
}
