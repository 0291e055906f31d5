package io.modelfn.cli;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.StubAdminServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "HTTP {0} -> exit {1}")
    @CsvSource({
        "400, 5",
        "401, 7",
        "403, 7",
        "404, 3",
        "409, 4",
        "413, 5",
        "422, 4",
        "500, 6",
        "502, 6",
        "503, 6"})
    void run_should_exitWithDocumentedCodeAndPrintServerMessage_when_serverAnswersErrorStatus(int status, int exitCode) {
        // GIVEN
        server.answer("models/describe", status, "{\"error\": \"refused with " + status + "\"}");

        // WHEN
        CliRun.Result result = cli().run("models", "describe", "iris", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.err()).isEqualTo("modelfn: refused with " + status + "\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void run_should_exitUnavailable_when_nothingListensAtUrl() throws IOException {
        // GIVEN a port that was free a moment ago
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", "http://127.0.0.1:" + port);

        // THEN
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).startsWith("modelfn: cannot connect to http://127.0.0.1:" + port);
    }

    @Test
    void run_should_printApiGatewayMessage_when_errorHasMessageInsteadOfError() {
        // GIVEN API Gateway's own refusal, before the application is reached
        server.answer("models", 403, "{\"message\":\"Missing Authentication Token\"}");

        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.err()).isEqualTo("modelfn: Missing Authentication Token\n");
    }

    @Test
    void run_should_quoteStatusAndBody_when_errorIsNotJson() {
        // GIVEN
        server.answer("models", 502, "<html>Bad Gateway</html>");

        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).isEqualTo("modelfn: HTTP 502: <html>Bad Gateway</html>\n");
    }

    @Test
    void run_should_exitUnavailable_when_successAnswerIsNotJson() {
        // GIVEN
        server.answer("models", 200, "OK");

        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).contains("is not JSON: OK");
    }

    @Test
    void run_should_printIdempotencyKeyToRetryWith_when_changeFailsOnServerSide() {
        // GIVEN
        server.answer("versions/archive", 503, "{\"error\": \"registry unavailable\"}");

        // WHEN
        CliRun.Result result = cli().run("versions", "archive", "iris", "1.0.0", "--url", server.url(),
                "--idempotency-key", "4d1c2b8e-0000-4000-8000-000000000001");

        // THEN
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).isEqualTo("""
                modelfn: registry unavailable
                modelfn: the change may or may not have been made; repeat the command with --idempotency-key \
                4d1c2b8e-0000-4000-8000-000000000001 to make it at most once
                """);
    }

    @Test
    void run_should_exitUsageError_when_subcommandMissing() {
        // WHEN
        CliRun.Result result = cli().run("--url", server.url());

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: Missing required subcommand");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void run_should_exitUsageErrorWithSuggestion_when_commandUnknown() {
        // WHEN
        CliRun.Result result = cli().run("modles", "list");

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: Unmatched arguments from index 0: 'modles', 'list'")
                .contains("Did you mean: modelfn models", "Try 'modelfn --help' for more information.");
    }

    @Test
    void forHttpStatus_should_matchTheDocumentedClasses_when_givenEachStatusClass() {
        assertThat(ExitCode.forHttpStatus(400)).isEqualTo(ExitCode.REFUSED);
        assertThat(ExitCode.forHttpStatus(401)).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(ExitCode.forHttpStatus(403)).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(ExitCode.forHttpStatus(404)).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ExitCode.forHttpStatus(409)).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.forHttpStatus(422)).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.forHttpStatus(429)).isEqualTo(ExitCode.REFUSED);
        assertThat(ExitCode.forHttpStatus(504)).isEqualTo(ExitCode.UNAVAILABLE);
    }
}
