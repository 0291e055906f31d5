package io.modelfn.cli.audit;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditCommandTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start().answer("audit", """
                {"events":[
                  {"id":"e2","at":"2025-11-21T08:00:00Z","subject":"endpoint:iris","action":"weights",
                   "actor":"alice","from":"stable=10000","to":"stable=9000 canary=1000","reason":"canary","requestId":"r2"},
                  {"id":"e1","at":"2025-11-20T08:00:00Z","subject":"endpoint:iris","action":"put",
                   "actor":"bob","from":null,"to":"stable=10000","reason":null,"requestId":"r1"}]}""");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void audit_should_askForEndpointSubjectAndPrintEvents_when_endpointGiven() {
        // WHEN
        CliRun.Result result = cli().run("audit", "endpoint", "iris", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isEmpty();
        assertThat(StubAdminServer.json(server.onlyRequest()).toString())
                .isEqualTo("{\"subject\":\"endpoint:iris\",\"limit\":50}");
        assertThat(result.out()).isEqualTo("""
                AT                    ACTION   ACTOR  FROM          TO                       REASON
                2025-11-21T08:00:00Z  weights  alice  stable=10000  stable=9000 canary=1000  canary
                2025-11-20T08:00:00Z  put      bob    -             stable=10000             -
                """);
    }

    @Test
    void audit_should_askForModelSubjectWithLimit_when_modelAndLimitGiven() {
        // WHEN
        cli().run("audit", "MODEL", "iris", "--limit", "10", "--url", server.url());

        // THEN
        assertThat(StubAdminServer.json(server.onlyRequest()).toString()).isEqualTo("{\"subject\":\"model:iris\",\"limit\":10}");
    }

    @Test
    void audit_should_exitUsageError_when_kindUnknown() {
        // WHEN
        CliRun.Result result = cli().run("audit", "alias", "iris", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
