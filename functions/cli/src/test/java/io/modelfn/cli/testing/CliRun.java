package io.modelfn.cli.testing;

import io.modelfn.cli.CliEnvironment;
import io.modelfn.cli.ModelfnCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Runs the CLI in-process, as {@code Main} wires it, with stdout and stderr captured and the
 * environment given by the test (empty unless set: the machine's own variables never leak in).
 */
public final class CliRun {

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    private Map<String, String> environment = Map.of();
    private AwsCredentialsProvider credentials;

    public static CliRun cli() {
        return new CliRun();
    }

    public CliRun environment(Map<String, String> variables) {
        this.environment = variables;
        return this;
    }

    public CliRun credentials(AwsCredentialsProvider provider) {
        this.credentials = provider;
        return this;
    }

    public Result run(String... args) {
        CommandLine cli = ModelfnCommand.commandLine(new CliEnvironment(environment, Optional.ofNullable(credentials)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
