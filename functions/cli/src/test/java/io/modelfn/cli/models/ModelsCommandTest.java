package io.modelfn.cli.models;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start()
                .answer("models", AdminAnswers.MODELS)
                .answer("models/describe", AdminAnswers.MODEL_DESCRIBE);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void list_should_printTableOfModels_when_serverAnswers() {
        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                MODEL   VERSIONS  PRODUCTION  ALIASES
                iris           2  1.1.0       production=1.1.0, staging=1.1.0
                digits         1  -           -
                """);
    }

    @Test
    void list_should_postEmptyObjectToAdminModels_when_run() {
        // WHEN
        cli().run("models", "list", "--url", server.url());

        // THEN
        RecordedRequest request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/admin/models");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.bodyText()).isEqualTo("{}");
    }

    @Test
    void list_should_sendNoIdempotencyKey_when_itOnlyReads() {
        // WHEN
        cli().run("models", "list", "--url", server.url());

        // THEN
        assertThat(server.onlyRequest().header("Idempotency-Key")).isEmpty();
    }

    @Test
    void list_should_printServerJsonPretty_when_jsonAsked() {
        // WHEN
        CliRun.Result result = cli().run("models", "list", "--json", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("""
                {
                  "models": [
                    {
                      "name": "iris",
                      "versions": 2,
                      "production": "1.1.0",
                      "aliases": {
                        "production": "1.1.0",
                """);
        assertThat(result.out()).contains("\"production\": null,\n      \"aliases\": {}");
    }

    @Test
    void describe_should_sendModelAndPrintVersionsAndAliases_when_modelExists() {
        // WHEN
        CliRun.Result result = cli().run("models", "describe", "iris", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        RecordedRequest request = server.onlyRequest();
        assertThat(request.path()).isEqualTo("/admin/models/describe");
        assertThat(StubAdminServer.json(request).path("model").asText()).isEqualTo("iris");
        assertThat(result.out())
                .contains("model iris\nendpoints: iris\n")
                .containsPattern("1\\.0\\.0 +DEPRECATED +classification +1\\.1 KiB +52e54f283a94 +3HL4kqtJlcpXroDTDmJ-1\\.0\\.0 "
                        + "+2025-11-20T10:00:00Z +alice +3")
                .contains("ALIAS       VERSION  PREVIOUS  REVISION\nproduction  1.1.0    1.0.0            4\n");
    }

    @Test
    void describe_should_exitWithUsageErrorAndSendNothing_when_modelMissing() {
        // WHEN
        CliRun.Result result = cli().run("models", "describe", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: Missing required parameter: 'MODEL'");
        assertThat(server.requests()).isEmpty();
    }
}
