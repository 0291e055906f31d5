package io.modelfn.cli.aliases;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.RecordedRequest;
import io.modelfn.cli.testing.StubAdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AliasHistoryCommandTest {

    private static final String HISTORY = """
            {"model":"iris","alias":"production","moves":[
             {"version":"1.0.0","previousVersion":"1.1.0","at":"2026-12-05T22:10:31.250Z","actor":"modelfn-rollout",
              "reason":"alarm modelfn-iris-stable-error-rate: Threshold Crossed"},
             {"version":"1.1.0","previousVersion":"1.0.0","at":"2026-12-05T22:08:02Z","actor":"modelfn-rollout",
              "reason":"step 2 baked 60 s with 120 canary requests and no alarm"}],
             "next":"2026-12-05T22:08:02.000Z#0000000000000002-abcdef012345"}""";

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start().answer("aliases/history", HISTORY);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void history_should_print_the_moves_newest_first_as_a_table_and_how_to_read_older_ones() {
        CliRun.Result result = cli().run("aliases", "history", "iris", "production", "--limit", "2", "--url", server.url());

        assertThat(result.exitCode()).isZero();
        assertThat(server.paths()).containsExactly("/admin/aliases/history");
        RecordedRequest request = server.requests().get(0);
        assertThat(request.header("Idempotency-Key")).isEmpty();
        assertThat(StubAdminServer.json(request).toString())
                .isEqualTo("{\"model\":\"iris\",\"alias\":\"production\",\"limit\":2}");
        String[] lines = result.out().split("\n");
        assertThat(lines[0]).startsWith("AT").contains("VERSION", "PREVIOUS", "ACTOR", "REASON");
        assertThat(lines[1]).contains("2026-12-05T22:10:31.250Z", "1.0.0", "1.1.0", "modelfn-rollout",
                "alarm modelfn-iris-stable-error-rate");
        assertThat(lines[2]).contains("2026-12-05T22:08:02Z", "1.1.0", "1.0.0");
        assertThat(lines[3]).isEqualTo("older moves: --after 2026-12-05T22:08:02.000Z#0000000000000002-abcdef012345");
    }

    @Test
    void history_should_print_the_answer_as_is_with_json_and_pass_the_cursor() {
        CliRun.Result result = cli().run("aliases", "history", "iris", "production", "--after", "c1", "--json",
                "--url", server.url());

        assertThat(result.exitCode()).isZero();
        assertThat(StubAdminServer.json(server.requests().get(0)).path("after").asText()).isEqualTo("c1");
        assertThat(result.out()).contains("\"moves\"").contains("\"previousVersion\": \"1.1.0\"");
    }

    @Test
    void history_should_report_an_unknown_alias_as_the_admin_api_says() {
        server.answer("aliases/history", 404, "{\"error\":\"model 'iris' has no alias 'prod'\"}");

        CliRun.Result result = cli().run("aliases", "history", "iris", "prod", "--url", server.url());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("has no alias 'prod'");
    }
}
