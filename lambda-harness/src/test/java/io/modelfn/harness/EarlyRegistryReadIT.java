package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The registry read begun as the handler class loads, before Quarkus boots ({@code EarlyRegistryRead}): taken as
 * the first snapshot when it was made where the configuration reads the registry, dropped when not; and made without
 * starting the JDK's logging before Quarkus has set it up, so the function's records stay JSON.
 */
class EarlyRegistryReadIT {

    private static final String TAKEN = "the registry read begun as the handler loaded is the first snapshot";
    private static final String DROPPED = "the configuration names";

    @Test
    void the_early_read_should_be_the_first_snapshot_and_leave_the_logs_json() throws Exception {
        // GIVEN the function as the template configures it
        try (EnvironmentPool pool = LambdaHarness.shared().newPool("early-read", true, Map.of())) {

            // WHEN an iris event cold-starts an environment
            Invocation first = pool.invoke(SampleEvents.read("apigw-v2-oip-infer-iris-1.1.0.json")).get(180, TimeUnit.SECONDS);

            // THEN it is answered, its init took the early read, and that line is a JSON record of Quarkus's log manager
            ApiGatewayResponse response = ApiGatewayResponse.of(first);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<String> lines = pool.log(first.environment()).lines().toList();
            assertThat(lines).filteredOn(line -> line.contains(TAKEN)).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("{").contains("\"loggerName\":\"io.modelfn.api.serving.ServingLifecycle\""));
            // AND no record went out in the JDK's own format (what a log manager started too early writes)
            assertThat(lines).noneMatch(line -> line.startsWith("INFO: ") || line.startsWith("WARNING: the")
                    || line.matches("^[A-Z][a-z]{2} \\d{2}, \\d{4} .*"));
        }
    }

    @Test
    void an_early_read_of_another_table_should_be_dropped_and_the_configured_one_read() throws Exception {
        // GIVEN an environment whose variable names another table, and whose configuration (a system property, which
        // wins over the variable in Quarkus) names the template's
        Map<String, String> template = LambdaHarness.shared().function().environment();
        String table = template.get("MODELFN_REGISTRY_TABLE");
        String options = JvmLaunch.followedBy(template.get(JvmLaunch.JAVA_TOOL_OPTIONS), "-Dmodelfn.registry.table=" + table);
        try (EnvironmentPool pool = LambdaHarness.shared().newPool("early-read-elsewhere", true,
                Map.of("MODELFN_REGISTRY_TABLE", "modelfn-registry-elsewhere", JvmLaunch.JAVA_TOOL_OPTIONS, options))) {

            // WHEN an iris event cold-starts an environment
            Invocation first = pool.invoke(SampleEvents.read("apigw-v2-oip-infer-iris-1.1.0.json")).get(180, TimeUnit.SECONDS);

            // THEN the early read was dropped, the configured table read, and the event answered from it
            ApiGatewayResponse response = ApiGatewayResponse.of(first);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("model_version").asText()).isEqualTo("1.1.0");
            String log = pool.log(first.environment());
            assertThat(log).contains(DROPPED).contains("modelfn-registry-elsewhere").doesNotContain(TAKEN);
        }
    }
}
