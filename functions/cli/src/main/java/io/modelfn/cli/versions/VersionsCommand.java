package io.modelfn.cli.versions;

import picocli.CommandLine.Command;

/** {@code modelfn versions}: groups the commands on model versions. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Model versions: describe, compare, register, validate, promote, transition, archive.",
        subcommands = {
            DescribeVersionCommand.class,
            CompareVersionsCommand.class,
            RegisterVersionCommand.class,
            ValidateVersionCommand.class,
            PromoteVersionCommand.class,
            TransitionVersionCommand.class,
            ArchiveVersionCommand.class})
public final class VersionsCommand {
}
