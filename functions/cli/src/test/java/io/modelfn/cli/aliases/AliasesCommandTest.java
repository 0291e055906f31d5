package io.modelfn.cli.aliases;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AliasesCommandTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start()
                .answer("models/describe", AdminAnswers.MODEL_DESCRIBE)
                .answer("aliases/set", AdminAnswers.ALIAS)
                .answer("aliases/rollback", """
                        {"alias":"production","version":"1.0.0","previousVersion":"1.1.0","revision":6}""");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void set_should_readCurrentRevisionFirst_when_revisionAbsent() {
        // WHEN
        CliRun.Result result = cli().run("aliases", "set", "iris", "production", "1.1.0", "--url", server.url());

        // THEN the alias is at revision 4 in the model's description
        assertThat(result.exitCode()).isZero();
        assertThat(server.paths()).containsExactly("/admin/models/describe", "/admin/aliases/set");
        RecordedRequest describe = server.requests().get(0);
        RecordedRequest set = server.requests().get(1);
        assertThat(describe.header("Idempotency-Key")).isEmpty();
        assertThat(set.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(set).toString())
                .isEqualTo("{\"model\":\"iris\",\"alias\":\"production\",\"version\":\"1.1.0\",\"revision\":4}");
        assertThat(result.out()).isEqualTo("iris production -> 1.1.0 (was 1.0.0, revision 5)\n");
    }

    @Test
    void set_should_sendRevisionZero_when_aliasDoesNotExistYet() {
        // WHEN
        cli().run("aliases", "set", "iris", "staging", "1.1.0", "--url", server.url());

        // THEN
        assertThat(StubAdminServer.json(server.requests().get(1)).path("revision").asLong()).isZero();
    }

    @Test
    void set_should_sendGivenRevisionWithoutReading_when_revisionGiven() {
        // WHEN
        cli().run("aliases", "set", "iris", "production", "1.1.0", "--revision", "9", "--url", server.url());

        // THEN
        assertThat(server.paths()).containsExactly("/admin/aliases/set");
        assertThat(StubAdminServer.json(server.onlyRequest()).path("revision").asLong()).isEqualTo(9);
    }

    @Test
    void set_should_exitNotFound_when_modelUnknown() {
        // GIVEN
        server.answer("models/describe", 404, "{\"error\":\"no model named irsi\"}");

        // WHEN
        CliRun.Result result = cli().run("aliases", "set", "irsi", "production", "1.1.0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("modelfn: no model named irsi\n");
        assertThat(server.paths()).containsExactly("/admin/models/describe");
    }

    @Test
    void rollback_should_sendAliasAndReason_when_run() {
        // WHEN
        CliRun.Result result = cli().run("aliases", "rollback", "iris", "production", "--reason", "alarm",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        RecordedRequest request = server.onlyRequest();
        assertThat(request.path()).isEqualTo("/admin/aliases/rollback");
        assertThat(request.header("Idempotency-Key")).isPresent();
        assertThat(StubAdminServer.json(request).toString())
                .isEqualTo("{\"model\":\"iris\",\"alias\":\"production\",\"reason\":\"alarm\"}");
        assertThat(result.out()).isEqualTo("iris production -> 1.0.0 (was 1.1.0, revision 6)\n");
    }

    @Test
    void rollback_should_exitConflict_when_idempotencyKeyReusedWithAnotherRequest() {
        // GIVEN
        server.answer("aliases/rollback", 422, "{\"error\":\"Idempotency-Key k1 was used for another request\"}");

        // WHEN
        CliRun.Result result = cli().run("aliases", "rollback", "iris", "production", "--idempotency-key", "k1",
                "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("modelfn: Idempotency-Key k1 was used for another request\n");
    }
}
