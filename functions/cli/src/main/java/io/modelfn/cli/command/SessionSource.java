package io.modelfn.cli.command;

import picocli.CommandLine;

/** The root command: opens the session of one invocation from the global options. */
public interface SessionSource {

    /**
     * Opens the session for the command being run.
     *
     * @throws CommandLine.ParameterException when the global options cannot be used together
     */
    CliSession openSession(CommandLine command);
}
