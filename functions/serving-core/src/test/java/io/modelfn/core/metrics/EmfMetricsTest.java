package io.modelfn.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.testkit.MutableClock;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

    private final List<String> lines = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics(lines::add, MutableClock.atEpoch());

    @Test
    void record_should_write_one_emf_line_with_the_contract_dimensions_and_metrics() throws Exception {
        metrics.record(new RequestMetrics("iris", "canary", "iris", "1.1.0", 200, 3.25, 0.5, 0, 120, true, "req-1"));

        assertThat(lines).hasSize(1);
        JsonNode record = new ObjectMapper().readTree(lines.get(0));
        JsonNode directive = record.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo(MetricsContract.NAMESPACE);
        assertThat(new ObjectMapper().convertValue(directive.path("Dimensions"), List.class))
                .isEqualTo(MetricsContract.DIMENSION_SETS);
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        assertThat(names).containsExactly("Requests", "ClientErrors", "ServerErrors", "Latency", "InferenceLatency",
                "CacheHit", "CacheMiss", "ModelLoadTime", "ColdStart");
        assertThat(record.path("_aws").path("Timestamp").asLong()).isEqualTo(1767225600000L);
        assertThat(record.path("Endpoint").asText()).isEqualTo("iris");
        assertThat(record.path("Variant").asText()).isEqualTo("canary");
        assertThat(record.path("Model").asText()).isEqualTo("iris");
        assertThat(record.path("Version").asText()).isEqualTo("1.1.0");
        assertThat(record.path("Latency").asDouble()).isEqualTo(3.25);
        assertThat(record.path("CacheMiss").asInt()).isEqualTo(1);
        assertThat(record.path("ModelLoadTime").asDouble()).isEqualTo(120.0);
        assertThat(record.path("ColdStart").asInt()).isEqualTo(1);
        assertThat(record.path("RequestId").asText()).isEqualTo("req-1");
        // off Lambda, the function and its version are 'none' (on Lambda: AWS_LAMBDA_FUNCTION_NAME and _VERSION)
        assertThat(record.path("Function").asText()).isEqualTo(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "none"));
        assertThat(record.path("FunctionVersion").asText()).isEqualTo(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "none"));
    }

    @Test
    void record_should_count_client_and_server_errors_and_leave_out_what_did_not_happen() throws Exception {
        metrics.record(new RequestMetrics(MetricsContract.UNKNOWN, MetricsContract.NONE, MetricsContract.NONE,
                MetricsContract.NONE, 404, 0.4, -1, -1, -1, false, null));
        metrics.record(new RequestMetrics("iris", "stable", "iris", "1.0.0", 503, 1, -1, -1, -1, false, "r"));

        JsonNode clientError = new ObjectMapper().readTree(lines.get(0));
        JsonNode serverError = new ObjectMapper().readTree(lines.get(1));
        assertThat(clientError.path("ClientErrors").asInt()).isEqualTo(1);
        assertThat(clientError.path("ServerErrors").asInt()).isZero();
        assertThat(clientError.has("InferenceLatency")).isFalse();
        assertThat(clientError.has("CacheHit")).isFalse();
        assertThat(clientError.path("Endpoint").asText()).isEqualTo("unknown");
        assertThat(serverError.path("ServerErrors").asInt()).isEqualTo(1);
    }

    @Test
    void recordEvent_should_write_a_single_metric_with_the_same_dimension_sets() throws Exception {
        metrics.recordEvent("iris", "shadow", "iris", "1.1.0", MetricsContract.SHADOW_DISAGREEMENT, 1, MetricsContract.COUNT);

        JsonNode record = new ObjectMapper().readTree(lines.get(0));
        assertThat(record.path("ShadowDisagreement").asInt()).isEqualTo(1);
        assertThat(record.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Name").asText())
                .isEqualTo("ShadowDisagreement");
    }

    @Test
    void record_should_escape_dimension_values() throws Exception {
        metrics.record(new RequestMetrics("a\"b\\c\n", "v", "m", "1", 200, 1, 1, 1, -1, false, "x\u0001"));

        JsonNode record = new ObjectMapper().readTree(lines.get(0));
        assertThat(record.path("Endpoint").asText()).isEqualTo("a\"b\\c\n");
    }

    @Test
    void recordFeatureBins_should_write_one_record_per_bin_with_rows_under_the_bin_dimension_set() throws Exception {
        // GIVEN a request whose 7 rows fell into bins 0 (2 rows) and 3 (5 rows) of a 5-bin feature
        metrics.recordFeatureBins("iris", "1.1.0", "petal_width_cm", new long[] {2, 0, 0, 5, 0});

        // THEN two records, one per non-empty bin, each a Count summed by CloudWatch
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        JsonNode directive = first.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(new ObjectMapper().convertValue(directive.path("Dimensions"), List.class))
                .isEqualTo(List.of(MetricsContract.BY_MODEL_VERSION_FEATURE_BIN));
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo(MetricsContract.FEATURE_BIN_COUNT);
        assertThat(directive.path("Metrics").get(0).path("Unit").asText()).isEqualTo(MetricsContract.COUNT);
        assertThat(first.path("Model").asText()).isEqualTo("iris");
        assertThat(first.path("Version").asText()).isEqualTo("1.1.0");
        assertThat(first.path("Feature").asText()).isEqualTo("petal_width_cm");
        assertThat(first.path("Bin").asText()).isEqualTo("0");
        assertThat(first.path("FeatureBinCount").asLong()).isEqualTo(2);
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.path("Bin").asText()).isEqualTo("3");
        assertThat(second.path("FeatureBinCount").asLong()).isEqualTo(5);
    }

    @Test
    void to_should_leave_each_record_on_the_stream_below_a_buffer_when_the_call_returns() {
        // GIVEN a stream that holds 64 KiB before it passes anything on, unless flushed
        ByteArrayOutputStream below = new ByteArrayOutputStream();
        EmfMetrics onStream = EmfMetrics.to(new BufferedOutputStream(below, 1 << 16), MutableClock.atEpoch());

        // WHEN one request record and one bin record are written
        onStream.record(new RequestMetrics("iris", "stable", "iris", "1.1.0", 200, 1, 1, 1, -1, false, "r-1"));
        String afterRequest = below.toString(StandardCharsets.UTF_8);
        onStream.recordFeatureBins("iris", "1.1.0", "sepal_length_cm", new long[] {0, 1});

        // THEN each is below the buffer, whole and ended by a newline, as soon as its call returns
        assertThat(afterRequest).endsWith("\n").contains("\"RequestId\":\"r-1\"");
        assertThat(afterRequest.split("\n")).hasSize(1);
        String[] both = below.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(both).hasSize(2);
        assertThat(both[1]).contains("\"FeatureBinCount\":1").endsWith("}");
    }
}
