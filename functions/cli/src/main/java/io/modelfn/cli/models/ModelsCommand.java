package io.modelfn.cli.models;

import picocli.CommandLine.Command;

/** {@code modelfn models}: groups the commands on models. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The registered models.",
        subcommands = {ListModelsCommand.class, DescribeModelCommand.class})
public final class ModelsCommand {
}
