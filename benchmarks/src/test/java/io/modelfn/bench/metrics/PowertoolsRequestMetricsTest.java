package io.modelfn.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark compares equal work: Powertools' record carries what modelfn's carries. */
class PowertoolsRequestMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 503})
    void record_should_carry_modelfns_dimensions_metrics_and_values_when_written_by_powertools(int status) throws Exception {
        // GIVEN one request's metrics
        RequestMetrics request = new RequestMetrics("iris", "canary", "iris", "1.1.0", status, 1.2345, 0.3217, 0, 12.5,
                true, "req-1");

        // WHEN modelfn and Powertools each write its record
        List<String> ours = new ArrayList<>();
        new EmfMetrics(ours::add, Clock.systemUTC()).record(request);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream standardOutput = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new PowertoolsRequestMetrics().record(request);
        } finally {
            System.setOut(standardOutput);
        }
        List<String> theirs = captured.toString(StandardCharsets.UTF_8).lines().toList();

        // THEN each is one record with the same namespace, dimension sets, metrics, units and values
        assertThat(ours).hasSize(1);
        assertThat(theirs).hasSize(1);
        JsonNode a = JSON.readTree(ours.get(0));
        JsonNode b = JSON.readTree(theirs.get(0));
        JsonNode aMeta = a.at("/_aws/CloudWatchMetrics/0");
        JsonNode bMeta = b.at("/_aws/CloudWatchMetrics/0");
        assertThat(bMeta.get("Namespace")).isEqualTo(aMeta.get("Namespace"));
        assertThat(sets(bMeta.get("Dimensions"))).isEqualTo(sets(aMeta.get("Dimensions"))).hasSize(MetricsContract.DIMENSION_SETS.size());
        assertThat(metrics(bMeta.get("Metrics"))).isEqualTo(metrics(aMeta.get("Metrics"))).hasSize(9);
        for (JsonNode metric : aMeta.get("Metrics")) {
            String name = metric.get("Name").asText();
            assertThat(b.get(name).asDouble()).as(name).isEqualTo(a.get(name).asDouble());
        }
        for (String property : List.of("Endpoint", "Variant", "Model", "Version", "RequestId")) {
            assertThat(b.get(property).asText()).as(property).isEqualTo(a.get(property).asText());
        }
        assertThat(b.get("Status").asInt()).isEqualTo(status);
    }

    private static Set<List<String>> sets(JsonNode dimensions) {
        Set<List<String>> sets = new HashSet<>();
        for (JsonNode set : dimensions) {
            List<String> keys = new ArrayList<>();
            set.forEach(k -> keys.add(k.asText()));
            sets.add(keys);
        }
        return sets;
    }

    private static Set<String> metrics(JsonNode metrics) {
        Set<String> names = new HashSet<>();
        metrics.forEach(m -> names.add(m.get("Name").asText() + "/" + m.get("Unit").asText()));
        return names;
    }
}
