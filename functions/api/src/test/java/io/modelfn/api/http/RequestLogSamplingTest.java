package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests get a log line: every failed one, and a configured share of the successful ones. */
class RequestLogSamplingTest {

    @Test
    void logged_should_be_true_for_every_failure_when_successes_are_not_sampled() {
        for (int status : new int[] {400, 404, 408, 413, 415, 429, 500, 502, 503, 504}) {
            assertThat(RequestLog.logged(status, 0, 0.0)).as("status %d", status).isTrue();
            assertThat(RequestLog.logged(status, 0, 0.999)).as("status %d", status).isTrue();
        }
    }

    @Test
    void logged_should_be_false_for_successes_when_the_sample_rate_is_zero() {
        for (double draw : new double[] {0.0, 0.5, 0.999_999}) {
            assertThat(RequestLog.logged(200, 0, draw)).isFalse();
        }
    }

    @Test
    void logged_should_take_the_configured_share_of_successes_when_sampled() {
        // GIVEN a rate of 25% and draws spread evenly over [0, 1)
        int logged = 0;
        for (int i = 0; i < 1000; i++) {
            if (RequestLog.logged(200, 0.25, i / 1000.0)) {
                logged++;
            }
        }
        // THEN a quarter of the successes get a line, and a rate of 1 logs them all
        assertThat(logged).isEqualTo(250);
        assertThat(RequestLog.logged(200, 1, 0.999_999)).isTrue();
    }

    @Test
    void around_should_pass_every_record_and_the_flush_on_when_no_line_is_written() {
        List<String> seen = new ArrayList<>();
        Metrics inner = new Metrics() {
            @Override
            public void record(RequestMetrics request) {
                seen.add("record " + request.requestId());
            }

            @Override
            public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                    double value, String unit) {
                seen.add("event " + metric);
            }

            @Override
            public void flush() {
                seen.add("flush");
            }
        };
        Metrics logged = RequestLog.around(inner, 0);

        logged.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 200, 1, 0.5, 1, -1, false, "r-1"));
        logged.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 503, 1, -1, 1, -1, false, "r-2"));
        logged.flush();

        assertThat(seen).containsExactly("record r-1", "record r-2", "flush");
    }
}
