package io.modelfn.cli.endpoints;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsCommandTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start()
                .answer("endpoints", "{\"endpoints\":[" + AdminAnswers.ENDPOINT + ","
                        + "{\"name\":\"digits\",\"variants\":[{\"name\":\"main\",\"model\":\"digits\",\"version\":\"1.0.0\","
                        + "\"weight\":10000}],\"shadow\":null,\"stickySalt\":null,\"backend\":\"lambda\",\"revision\":1,"
                        + "\"updatedAt\":\"2025-11-01T00:00:00Z\"}]}")
                .answer("endpoints/describe", AdminAnswers.ENDPOINT)
                .answer("endpoints/weights", AdminAnswers.ENDPOINT)
                .answer("endpoints/put", AdminAnswers.ENDPOINT)
                .answer("endpoints/alarm-limits", AdminAnswers.ENDPOINT.substring(0, AdminAnswers.ENDPOINT.length() - 1)
                        + ",\"alarmLimits\":{\"maxServerErrorRate\":0.02,\"maxP99LatencyMs\":400},"
                        + "\"warnings\":[\"endpoint iris is named in the stage settings\"]}");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void list_should_printVariantsSharesAndShadow_when_serverAnswers() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "list", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isEmpty();
        assertThat(result.out()).isEqualTo("""
                ENDPOINT  VARIANTS                                      SHADOW                         BACKEND  REVISION  UPDATED
                iris      stable=iris/1.0.0 90%, canary=iris/1.1.0 10%  iris/1.2.0 at 10% of requests  lambda          7  2025-11-21T08:00:00Z
                digits    main=digits/1.0.0 100%                        none                           lambda          1  2025-11-01T00:00:00Z
                """);
    }

    @Test
    void describe_should_printVariantTable_when_endpointExists() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "describe", "iris", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.onlyRequest()).toString()).isEqualTo("{\"endpoint\":\"iris\"}");
        assertThat(result.out()).isEqualTo("""
                endpoint iris
                revision:     7
                updated:      2025-11-21T08:00:00Z
                backend:      lambda
                result cache: off
                sticky salt:  s1
                shadow:       iris/1.2.0 at 10% of requests
                rollout:      none

                VARIANT  MODEL  VERSION  WEIGHT  SHARE
                stable   iris   1.0.0      9000    90%
                canary   iris   1.1.0      1000    10%
                """);
    }

    @Test
    void weights_should_readRevisionThenSendBasisPoints_when_revisionAbsent() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "weights", "iris", "stable=9000", "canary=1000", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(server.paths()).containsExactly("/admin/endpoints/describe", "/admin/endpoints/weights");
        RecordedRequest weights = server.requests().get(1);
        assertThat(weights.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(weights).toString())
                .isEqualTo("{\"endpoint\":\"iris\",\"weights\":{\"stable\":9000,\"canary\":1000},\"revision\":7}");
    }

    @Test
    void weights_should_convertPercentages_when_givenWithPercentSign() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "weights", "iris", "stable=87.5%", "canary=12.5%", "--revision", "7",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.onlyRequest()).path("weights").toString())
                .isEqualTo("{\"stable\":8750,\"canary\":1250}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"canary=10%", "stable=9000,canary=1500", "stable=90%,canary=1001", "stable=abc,canary=10%",
        "stable=9000.5,canary=999.5", "stable=99.995%,canary=0.005%", "stable=10001,canary=0", "stable=5000,stable=5000"})
    void weights_should_exitUsageErrorAndSendNothing_when_weightsInvalid(String assignments) {
        // GIVEN
        String[] args = ("endpoints,weights,iris," + assignments + ",--url," + server.url()).split(",");

        // WHEN
        CliRun.Result result = cli().run(args);

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: ");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void weights_should_sayWhatTheSumIs_when_weightsDoNotAddUp() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "weights", "iris", "stable=90%", "canary=5%", "--url", server.url());

        // THEN
        assertThat(result.err()).startsWith("modelfn: weights add up to 9500 basis points (95%); they must add up to"
                + " 10000 (100%): stable=9000 canary=500\n");
    }

    @Test
    void put_should_sendVariantsShadowAndRevision_when_allGiven() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "put", "iris",
                "--variant", "stable=iris/1.0.0:9000", "--variant", "canary=iris/1.1.0:10%",
                "--shadow", "iris/1.2.0:5%", "--sticky-salt", "s2", "--backend", "lambda", "--revision", "7",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(request).toString()).isEqualTo("{\"endpoint\":\"iris\",\"variants\":["
                + "{\"name\":\"stable\",\"model\":\"iris\",\"version\":\"1.0.0\",\"weight\":9000},"
                + "{\"name\":\"canary\",\"model\":\"iris\",\"version\":\"1.1.0\",\"weight\":1000}],"
                + "\"shadow\":{\"model\":\"iris\",\"version\":\"1.2.0\",\"sampleRate\":500},"
                + "\"stickySalt\":\"s2\",\"backend\":\"lambda\",\"revision\":7}");
        assertThat(result.out()).startsWith("endpoint iris\n");
    }

    @Test
    void put_and_weights_should_sendTheReason_when_reasonGiven() {
        // WHEN
        CliRun.Result put = cli().run("endpoints", "put", "iris", "--variant", "stable=iris/1.0.0:10000",
                "--revision", "7", "--reason", "canary of 1.1.0", "--url", server.url());
        CliRun.Result weights = cli().run("endpoints", "weights", "iris", "stable=10000", "--revision", "8",
                "--reason", "rolled back by hand", "--url", server.url());

        // THEN the audit trail gets the why of each change
        assertThat(put.exitCode()).isZero();
        assertThat(weights.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.requests().get(0)).path("reason").asText()).isEqualTo("canary of 1.1.0");
        assertThat(StubAdminServer.json(server.requests().get(1)).path("reason").asText()).isEqualTo("rolled back by hand");
    }

    @Test
    void put_should_createWithRevisionZero_when_endpointDoesNotExist() {
        // GIVEN
        server.answer("endpoints/describe", 404, "{\"error\":\"no endpoint wine\"}");

        // WHEN
        CliRun.Result result = cli().run("endpoints", "put", "wine", "--variant", "main=wine/1.0.0", "--url", server.url());

        // THEN a single variant takes all the traffic
        assertThat(result.exitCode()).isZero();
        assertThat(server.paths()).containsExactly("/admin/endpoints/describe", "/admin/endpoints/put");
        assertThat(StubAdminServer.json(server.requests().get(1)).toString()).isEqualTo("{\"endpoint\":\"wine\","
                + "\"variants\":[{\"name\":\"main\",\"model\":\"wine\",\"version\":\"1.0.0\",\"weight\":10000}],\"revision\":0}");
    }

    @Test
    void put_should_exitUsageErrorAndSendNothing_when_variantWeightsDoNotAddUp() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "put", "iris", "--variant", "stable=iris/1.0.0:9000",
                "--variant", "canary=iris/1.1.0:500", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: weights add up to 9500 basis points");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void put_should_exitUsageErrorAndSendNothing_when_variantMalformed() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "put", "iris", "--variant", "stable:iris-1.0.0",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: --variant 'stable:iris-1.0.0' is not NAME=MODEL/VERSION:WEIGHT");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void alarmLimits_should_sendTheGivenLimitsAndPrintThemWithTheServersWarnings_when_limitsGiven() {
        // WHEN
        CliRun.Result result = cli().run("endpoints", "alarm-limits", "iris", "--max-server-error-rate", "0.02",
                "--max-p99-latency-ms", "400", "--reason", "tighter for 1.1", "--url", server.url());

        // THEN one change, with only the limits given, and the answer's limits and warning printed
        assertThat(result.exitCode()).isZero();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(server.onlyRequest()).toString()).isEqualTo("{\"endpoint\":\"iris\","
                + "\"maxServerErrorRate\":0.02,\"maxP99LatencyMs\":400,\"reason\":\"tighter for 1.1\"}");
        assertThat(result.out()).contains("alarm limits: max server error rate 0.02, max p99 latency 400 ms; the rest: "
                + "stage defaults\n").contains("warning: endpoint iris is named in the stage settings\n");
    }

    @Test
    void alarmLimits_should_sendNoLimit_when_stageDefaultsAsked() {
        CliRun.Result result = cli().run("endpoints", "alarm-limits", "iris", "--stage-defaults", "--url", server.url());

        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.onlyRequest()).toString()).isEqualTo("{\"endpoint\":\"iris\"}");
    }

    @Test
    void alarmLimits_should_exitUsageErrorAndSendNothing_when_neitherOrBothAreGiven() {
        CliRun.Result none = cli().run("endpoints", "alarm-limits", "iris", "--url", server.url());
        CliRun.Result both = cli().run("endpoints", "alarm-limits", "iris", "--stage-defaults", "--min-accuracy", "0.9",
                "--url", server.url());

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give at least one limit, or --stage-defaults");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
