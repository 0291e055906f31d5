package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The local runner's canary counts: what the rollout reads in place of CloudWatch's. */
class LocalSignalsTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final LocalSignals signals = new LocalSignals(Metrics.NONE, clock);

    private void answer(String endpoint, String variant, int status) {
        signals.record(new RequestMetrics(endpoint, variant, "iris", "1.2.0", status, 1.0, 0.2, 1, -1, false, "r"));
    }

    @Test
    void canary_requests_should_count_the_canary_answers_without_a_server_error_in_the_window() {
        // GIVEN at 00:00:10 three canary answers of iris (one a 500, one a 400), a stable one, one canary of digits;
        // at 00:01:00 two more canary answers of iris
        Instant start = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        answer("iris", "canary", 200);
        answer("iris", "canary", 500);
        answer("iris", "canary", 400);
        answer("iris", "stable", 200);
        answer("digits", "canary", 200);
        clock.advance(Duration.ofSeconds(50));
        answer("iris", "canary", 200);
        answer("iris", "canary", 200);

        // THEN each window counts the canary answers below 500 of its endpoint, and they are kept an hour
        assertThat(signals.canaryRequests("iris", start, start.plusSeconds(60))).isEqualTo(2);
        assertThat(signals.canaryRequests("iris", start, start.plusSeconds(61))).isEqualTo(4);
        assertThat(signals.canaryRequests("iris", start.plusSeconds(11), start.plusSeconds(61))).isEqualTo(2);
        assertThat(signals.canaryRequests("digits", start, start.plusSeconds(61))).isEqualTo(1);
        assertThat(signals.canaryRequests("wine", start, start.plusSeconds(61))).isZero();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        answer("iris", "canary", 200);
        assertThat(signals.canaryRequests("iris", start, clock.instant())).isZero();
    }
}
