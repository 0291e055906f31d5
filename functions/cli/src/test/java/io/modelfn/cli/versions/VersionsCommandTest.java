package io.modelfn.cli.versions;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VersionsCommandTest {

    private static final String COMPARE = """
            {"a":%s,"b":%s,
             "metrics":[{"name":"accuracy","a":0.733333,"b":0.911111,"delta":0.177778},
                        {"name":"f1Macro","a":0.712,"b":0.909502,"delta":0.197502},
                        {"name":"latencyP99Ms","a":4.0,"b":3.5,"delta":-0.5},
                        {"name":"heldOutSamples","a":45,"b":45,"delta":0},
                        {"name":"auc","a":null,"b":0.97,"delta":null}],
             "signatureEqual":true,
             "differences":["sha256","sizeBytes","metrics"]}"""
            .formatted(AdminAnswers.version("1.0.0", "DEPRECATED", 0.733333), AdminAnswers.version("1.1.0", "PRODUCTION", 0.911111));

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        String described = AdminAnswers.version("1.1.0", "PRODUCTION", 0.911111);
        server = StubAdminServer.start()
                .answer("versions/describe", described.substring(0, described.lastIndexOf('}'))
                        + ",\"card\":{\"description\":\"Iris species from sepal and petal measurements.\"}}")
                .answer("versions/compare", COMPARE)
                .answer("versions/promote", """
                        {"version":%s,"alias":%s,"demoted":"1.0.0"}""".formatted(
                        AdminAnswers.version("1.1.0", "PRODUCTION", 0.91), AdminAnswers.ALIAS))
                .answer("versions/transition", AdminAnswers.version("1.0.0", "DEPRECATED", 0.73))
                .answer("versions/archive", AdminAnswers.version("1.0.0", "ARCHIVED", 0.73))
                .answer("versions/validate", AdminAnswers.validated("1.2.0", true));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void describe_should_printStateSignatureAndMetrics_when_versionExists() {
        // WHEN
        CliRun.Result result = cli().run("versions", "describe", "iris", "1.1.0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        JsonNode body = StubAdminServer.json(server.onlyRequest());
        assertThat(body.path("model").asText()).isEqualTo("iris");
        assertThat(body.path("version").asText()).isEqualTo("1.1.0");
        assertThat(result.out()).isEqualTo("""
                iris 1.1.0
                state:       PRODUCTION
                task:        classification
                artifact:    s3://models-bucket/models/iris/1.1.0/model.onnx
                s3 version:  3HL4kqtJlcpXroDTDmJ-1.1.0
                sha256:      52e54f283a9400491b059adf6913a24053df82574a9c5ca90f843de209c82737
                size:        1.1 KiB (1132 bytes)
                created:     2025-11-20T10:00:00Z by alice
                revision:    3
                description: Iris species from sepal and petal measurements.

                SIGNATURE  NAME           DATATYPE  SHAPE
                input      input          FP32      [-1, 4]
                output     probabilities  FP32      [-1, 3]
                output     label          INT64     [-1]

                METRIC       VALUE
                accuracy  0.911111
                f1Macro   0.909502
                """);
    }

    @Test
    void describe_should_sayTheArtifactIsNotPinned_when_theVersionHasNoS3Version() {
        // GIVEN a version registered from a store that keeps no object versions
        String local = AdminAnswers.version("1.1.0", "VALIDATED", 0.9)
                .replace("\"artifactVersionId\":\"3HL4kqtJlcpXroDTDmJ-1.1.0\",", "")
                .replace("s3://models-bucket/models/", "local:");
        server.answer("versions/describe", local);

        // WHEN
        CliRun.Result result = cli().run("versions", "describe", "iris", "1.1.0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("""
                artifact:   local:iris/1.1.0/model.onnx
                s3 version: none (not pinned)
                """);
    }

    @Test
    void compare_should_printMetricsSideBySideWithDeltasAndDifferences_when_bothVersionsExist() {
        // WHEN
        CliRun.Result result = cli().run("versions", "compare", "iris", "1.0.0", "1.1.0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        JsonNode body = StubAdminServer.json(server.onlyRequest());
        assertThat(body.path("a").asText()).isEqualTo("1.0.0");
        assertThat(body.path("b").asText()).isEqualTo("1.1.0");
        assertThat(result.out()).isEqualTo("""
                iris 1.0.0 (DEPRECATED) vs 1.1.0 (PRODUCTION)

                METRIC             1.0.0     1.1.0      DELTA
                accuracy        0.733333  0.911111  +0.177778
                f1Macro            0.712  0.909502  +0.197502
                latencyP99Ms           4       3.5       -0.5
                heldOutSamples        45        45          0
                auc                    -      0.97          -

                signature: equal
                differences: sha256, sizeBytes, metrics
                """);
    }

    @Test
    void compare_should_printServerJsonVerbatim_when_jsonAsked() {
        // WHEN
        CliRun.Result result = cli().run("versions", "compare", "iris", "1.0.0", "1.1.0", "--url", server.url(), "--json");

        // THEN numbers keep the server's spelling (4.0 stays 4.0)
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"name\": \"latencyP99Ms\",\n      \"a\": 4.0,")
                .contains("\"signatureEqual\": true,");
    }

    @Test
    void promote_should_sendAliasReasonAndIdempotencyKey_when_run() {
        // WHEN
        CliRun.Result result = cli().run("versions", "promote", "iris", "1.1.0", "--reason", "better accuracy",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        RecordedRequest request = server.onlyRequest();
        assertThat(request.path()).isEqualTo("/admin/versions/promote");
        assertThat(request.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(request).toString())
                .isEqualTo("{\"model\":\"iris\",\"version\":\"1.1.0\",\"alias\":\"production\",\"reason\":\"better accuracy\"}");
        assertThat(result.out()).isEqualTo("""
                iris production -> 1.1.0 (alias revision 5); 1.0.0 demoted
                iris 1.1.0: PRODUCTION, revision 3
                """);
    }

    @Test
    void promote_should_useGivenAlias_when_aliasOptionGiven() {
        // WHEN
        cli().run("versions", "promote", "iris", "1.1.0", "--alias", "staging", "--url", server.url());

        // THEN
        assertThat(StubAdminServer.json(server.onlyRequest()).path("alias").asText()).isEqualTo("staging");
    }

    @Test
    void transition_should_sendUpperCaseStateAndRevision_when_run() {
        // WHEN
        CliRun.Result result = cli().run("versions", "transition", "iris", "1.0.0", "deprecated", "--revision", "3",
                "--reason", "superseded", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(request).toString()).isEqualTo(
                "{\"model\":\"iris\",\"version\":\"1.0.0\",\"state\":\"DEPRECATED\",\"revision\":3,\"reason\":\"superseded\"}");
        assertThat(result.out()).isEqualTo("iris 1.0.0: DEPRECATED, revision 3\n");
    }

    @Test
    void transition_should_exitUsageErrorAndSendNothing_when_revisionMissing() {
        // WHEN
        CliRun.Result result = cli().run("versions", "transition", "iris", "1.0.0", "DEPRECATED", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: Missing required option: '--revision=N'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void transition_should_exitConflict_when_revisionIsStale() {
        // GIVEN
        server.answer("versions/transition", 409, "{\"error\":\"iris 1.0.0 is at revision 4, not 3\"}");

        // WHEN
        CliRun.Result result = cli().run("versions", "transition", "iris", "1.0.0", "DEPRECATED", "--revision", "3",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("modelfn: iris 1.0.0 is at revision 4, not 3\n");
    }

    @Test
    void archive_should_sendModelVersionAndReason_when_run() {
        // WHEN
        CliRun.Result result = cli().run("versions", "archive", "iris", "1.0.0", "--reason", "old", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.onlyRequest()).toString())
                .isEqualTo("{\"model\":\"iris\",\"version\":\"1.0.0\",\"reason\":\"old\"}");
        assertThat(result.out()).isEqualTo("iris 1.0.0: ARCHIVED, revision 3\n");
    }

    @Test
    void validate_should_printChecks_when_validationPasses() {
        // WHEN
        CliRun.Result result = cli().run("versions", "validate", "iris", "1.2.0", "--latency-budget-ms", "50",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(request).toString())
                .isEqualTo("{\"model\":\"iris\",\"version\":\"1.2.0\",\"latencyBudgetMs\":50}");
        assertThat(result.out()).isEqualTo("""
                iris 1.2.0: VALIDATED, revision 3
                artifact s3://models-bucket/models/iris/1.2.0/model.onnx, s3 version 3HL4kqtJlcpXroDTDmJ-1.2.0

                CHECK      RESULT  DETAIL
                sha256     pass    digest matches
                reference  pass    2 cases match
                """);
    }

    @Test
    void validate_should_exitRefusedAfterPrintingChecks_when_validationFails() {
        // GIVEN
        server.answer("versions/validate", AdminAnswers.validated("1.2.0", false));

        // WHEN
        CliRun.Result result = cli().run("versions", "validate", "iris", "1.2.0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.out()).contains("iris 1.2.0: FAILED", "reference  FAIL    case batch-of-8 differs at index 3");
        assertThat(result.err()).isEqualTo("modelfn: iris 1.2.0 failed validation: reference\n");
    }

    @Test
    void register_and_validate_should_exitRefusedAfterPrintingChecks_when_serverAnswers422WithTheReport() {
        // GIVEN the admin API's answer to a failed validation: 422, the version and its report beside the error
        String failed = AdminAnswers.validated("1.2.0", false);
        String body = "{\"error\":\"iris/1.2.0 failed validation: reference\",\"version\":"
                + failed.substring(0, failed.indexOf(",\"validation\"")) + "},\"validation\":"
                + failed.substring(failed.indexOf("{\"passed\""), failed.lastIndexOf('}')) + "}";
        server.answer("versions/validate", 422, body);

        // WHEN
        CliRun.Result result = cli().run("versions", "validate", "iris", "1.2.0", "--url", server.url());

        // THEN the same as a 200 saying passed=false: the checks, then exit 5 (refused), not 4 (conflict)
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.out()).contains("iris 1.2.0: FAILED", "reference  FAIL    case batch-of-8 differs at index 3");
        assertThat(result.err()).isEqualTo("modelfn: iris 1.2.0 failed validation: reference\n");
    }

    @Test
    void validate_should_exitConflict_when_server_answers422WithoutAReport() {
        // GIVEN an Idempotency-Key reused with another request
        server.answer("versions/validate", 422, "{\"error\":\"idempotency key reused with another request\"}");

        // WHEN
        CliRun.Result result = cli().run("versions", "validate", "iris", "1.2.0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("modelfn: idempotency key reused with another request\n");
    }

    @Test
    void validate_should_exitRefusedWithJsonOnStdout_when_validationFailsAndJsonAsked() {
        // GIVEN
        server.answer("versions/validate", AdminAnswers.validated("1.2.0", false));

        // WHEN
        CliRun.Result result = cli().run("versions", "validate", "iris", "1.2.0", "--url", server.url(), "--json");

        // THEN
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.out()).startsWith("{\n  \"model\": \"iris\",").contains("\"passed\": false");
    }
}
