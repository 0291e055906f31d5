package io.modelfn.cli;

import static io.modelfn.cli.testing.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.cli.testing.AdminAnswers;
import io.modelfn.cli.testing.CliRun;
import io.modelfn.cli.testing.StubAdminServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class GlobalOptionsTest {

    private StubAdminServer server;

    @BeforeEach
    void startServer() {
        server = StubAdminServer.start()
                .answer("models", AdminAnswers.MODELS)
                .answer("versions/archive", AdminAnswers.version("1.0.0", "ARCHIVED", 0.73));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void token_should_beSentAsBearer_when_givenAsOption() {
        // WHEN
        cli().run("models", "list", "--url", server.url(), "--token", "s3cret");

        // THEN
        assertThat(server.onlyRequest().header("Authorization")).contains("Bearer s3cret");
    }

    @Test
    void token_should_comeFromEnvironment_when_optionAbsent() {
        // WHEN
        cli().environment(Map.of("MODELFN_ADMIN_TOKEN", "from-env", "MODELFN_URL", server.url())).run("models", "list");

        // THEN the URL came from the environment too
        assertThat(server.onlyRequest().header("Authorization")).contains("Bearer from-env");
    }

    @Test
    void token_should_beLeftOut_when_neitherOptionNorEnvironmentGiveOne() {
        // WHEN
        cli().run("models", "list", "--url", server.url());

        // THEN
        assertThat(server.onlyRequest().header("Authorization")).isEmpty();
    }

    @Test
    void globalOptions_should_work_when_givenBeforeTheSubcommand() {
        // WHEN
        CliRun.Result result = cli().run("--url", server.url(), "--token", "t", "--json", "models", "list");

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("{\n  \"models\": [");
        assertThat(server.onlyRequest().header("Authorization")).contains("Bearer t");
    }

    @Test
    void url_should_keepItsPath_when_itNamesAnApiGatewayStage() {
        // GIVEN
        server.answerPath("/prod/admin/models", 200, AdminAnswers.MODELS);

        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", server.url() + "/prod/");

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(server.onlyRequest().path()).isEqualTo("/prod/admin/models");
    }

    @Test
    void url_should_beRefusedAsUsageError_when_notHttp() {
        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", "ftp://example.com");

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: --url must be an http(s) URL");
    }

    @Test
    void idempotencyKey_should_beFreshUuidPerInvocation_when_notGiven() {
        // WHEN
        cli().run("versions", "archive", "iris", "1.0.0", "--url", server.url());
        cli().run("versions", "archive", "iris", "1.0.0", "--url", server.url());

        // THEN
        List<String> keys = server.requests().stream().map(request -> request.header("Idempotency-Key").orElseThrow()).toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates()
                .allMatch(key -> key.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void idempotencyKey_should_beTheGivenOne_when_optionGiven() {
        // WHEN
        cli().run("versions", "archive", "iris", "1.0.0", "--url", server.url(), "--idempotency-key", "retry-7");

        // THEN
        assertThat(server.onlyRequest().header("Idempotency-Key")).contains("retry-7");
    }

    @Test
    void tokenAndSigv4_should_beRefusedTogether_when_bothGiven() {
        // WHEN
        CliRun.Result result = cli().run("models", "list", "--url", server.url(), "--token", "t", "--sigv4",
                "--region", "eu-west-1");

        // THEN
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("modelfn: --token and --sigv4 cannot be used together");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void version_should_printVersionLine_when_asked() {
        // WHEN
        CliRun.Result result = cli().run("--version");

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("modelfn ");
    }

    static Stream<List<String>> everyCommand() {
        CommandLine root = ModelfnCommand.commandLine(CliEnvironment.system());
        return Stream.concat(Stream.of(List.<String>of()), commandPaths(root, List.of()));
    }

    private static Stream<List<String>> commandPaths(CommandLine command, List<String> prefix) {
        return command.getSubcommands().entrySet().stream()
                .filter(entry -> !entry.getKey().equals("help"))
                .flatMap(entry -> {
                    List<String> path = Stream.concat(prefix.stream(), Stream.of(entry.getKey())).toList();
                    return Stream.concat(Stream.of(path), commandPaths(entry.getValue(), path));
                });
    }

    @ParameterizedTest(name = "modelfn {0} --help")
    @MethodSource("everyCommand")
    void help_should_describeCommandAndListExitCodes_when_askedOnAnyCommand(List<String> command) {
        // GIVEN
        String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);

        // WHEN
        CliRun.Result result = cli().run(args);

        // THEN
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Usage: modelfn")
                .contains("--url=URL", "--json", "Exit codes:", "  3   not found (HTTP 404)",
                        "  7   authentication or authorisation failed (HTTP 401/403)")
                .doesNotContain("%n");
        assertThat(result.out().lines()).allMatch(line -> line.length() <= 80, "lines of at most 80 characters");
    }
}
