package io.modelfn.localcloudwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.RequestMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EMF records as the functions print them (EmfMetrics), read as CloudWatch Logs would. */
class EmfRecordsTest {

    private static final Instant AT = Instant.parse("2026-12-05T12:00:07Z");

    @Test
    void parse_should_yield_every_metric_in_every_dimension_set_when_given_a_request_record() {
        // GIVEN the record of one canary request answered 500
        List<String> lines = new ArrayList<>();
        new EmfMetrics(lines::add, Clock.fixed(AT, ZoneOffset.UTC)).record(new RequestMetrics("iris", "canary", "iris",
                "1.2.0", 500, 12.5, -1, -1, -1, false, "req-1"));
        // WHEN it is parsed
        List<EmfRecords.Entry> entries = EmfRecords.parse(lines.get(0));
        // THEN ServerErrors=1 exists under [Endpoint, Variant] at the record's time
        MetricKey byVariant = new MetricKey("ModelFn", "ServerErrors", Map.of("Endpoint", "iris", "Variant", "canary"));
        assertThat(entries).contains(new EmfRecords.Entry(byVariant, new Sample(AT.toEpochMilli(), 1, 1)));
        MetricKey latency = new MetricKey("ModelFn", "Latency", Map.of("Endpoint", "iris", "Model", "iris", "Version", "1.2.0"));
        assertThat(entries).contains(new EmfRecords.Entry(latency, new Sample(AT.toEpochMilli(), 12.5, 1)));
        assertThat(entries).extracting(e -> e.key().name()).doesNotContain("Status", "RequestId");
    }

    @Test
    void parse_should_read_value_arrays_and_values_with_counts() {
        String line = "{\"_aws\":{\"Timestamp\":1000,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"]],"
                + "\"Metrics\":[{\"Name\":\"A\"},{\"Name\":\"B\"}]}]},\"D\":\"d\",\"A\":[1,2],"
                + "\"B\":{\"Values\":[5,7],\"Counts\":[3,1]}}";
        List<EmfRecords.Entry> entries = EmfRecords.parse(line);
        assertThat(entries).extracting(EmfRecords.Entry::sample).containsExactly(new Sample(1000, 1, 1),
                new Sample(1000, 2, 1), new Sample(1000, 5, 3), new Sample(1000, 7, 1));
    }

    @Test
    void parse_should_skip_lines_that_are_not_records_and_sets_with_a_missing_dimension() {
        assertThat(EmfRecords.parse("2026-12-05 INFO started in 1.2 s")).isEmpty();
        assertThat(EmfRecords.parse("{\"_aws\": {\"Timestamp\":1, \"CloudWatchMetrics\":[")).isEmpty();
        String noValue = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"],[]],"
                + "\"Metrics\":[{\"Name\":\"A\"}]}]},\"A\":1}";
        assertThat(EmfRecords.parse(noValue)).extracting(e -> e.key().dimensions()).containsExactly(Map.of());
    }
}
