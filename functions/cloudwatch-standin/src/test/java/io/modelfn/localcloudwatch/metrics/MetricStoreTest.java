package io.modelfn.localcloudwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stand-in's samples: kept for the retention after the newest one, per metric, read by time range. */
class MetricStoreTest {

    private final MetricKey latency = new MetricKey("modelfn", "LatencyMs", Map.of("Endpoint", "iris"));
    private final MetricKey errors = new MetricKey("modelfn", "Errors", Map.of("Endpoint", "iris"));

    @Test
    void samples_should_be_read_by_range_and_expire_after_the_retention() {
        // GIVEN a retention of 10 s and a sample every second for 30 s, one of them late (t=20 s written after t=21 s)
        MetricStore store = new MetricStore(10_000);
        for (long second = 0; second < 30; second++) {
            if (second == 20) {
                continue;
            }
            store.add(latency, new Sample(second * 1000, second, 1));
            if (second == 21) {
                store.add(latency, new Sample(20_000, 20, 1));
            }
        }
        store.add(errors, new Sample(5_000, 1, 1));

        // THEN the last 10 s of samples are there, in range, the late one included; the older ones went
        assertThat(store.samples(latency, 19_000, 30_000)).extracting(Sample::value)
                .containsExactlyInAnyOrder(19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0);
        assertThat(store.samples(latency, 0, 19_000)).isEmpty();
        assertThat(store.samples(latency, 25_000, 27_000)).extracting(Sample::value).containsExactly(25.0, 26.0);
        assertThat(store.samples(errors, 0, 30_000)).hasSize(1);
        assertThat(store.samples(new MetricKey("modelfn", "Other", Map.of()), 0, 30_000)).isEmpty();
    }
}
