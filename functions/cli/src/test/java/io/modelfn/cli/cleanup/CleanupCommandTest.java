package io.modelfn.cli.cleanup;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CleanupCommandTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start().answer("cleanup", "{\"deleted\":[\"1.0.0\"],\"kept\":[\"1.1.0\",\"1.2.0\"]}");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void cleanup_should_sendDryRunAndSayNothingWasDeleted_when_dryRunGiven() {
        // WHEN
        CliRun.Result result = cli().run("cleanup", "iris", "--keep", "2", "--dry-run", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.onlyRequest()).toString())
                .isEqualTo("{\"model\":\"iris\",\"keep\":2,\"dryRun\":true}");
        assertThat(result.out()).isEqualTo("""
                dry run, nothing deleted
                would delete: 1.0.0
                would keep:   1.1.0, 1.2.0
                """);
    }

    @Test
    void cleanup_should_sendDryRunFalseWithIdempotencyKey_when_dryRunAbsent() {
        // WHEN
        CliRun.Result result = cli().run("cleanup", "iris", "--keep", "2", "--url", server.url());

        // THEN
        assertThat(StubAdminServer.json(server.onlyRequest()).path("dryRun").asBoolean()).isFalse();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isPresent();
        assertThat(result.out()).isEqualTo("deleted: 1.0.0\nkept:    1.1.0, 1.2.0\n");
    }

    @Test
    void cleanup_should_exitUsageErrorAndSendNothing_when_keepBelowOne() {
        // WHEN
        CliRun.Result result = cli().run("cleanup", "iris", "--keep", "0", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void cleanup_should_exitUsageError_when_keepMissing() {
        // WHEN
        CliRun.Result result = cli().run("cleanup", "iris", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: Missing required option: '--keep=N'");
    }
}
