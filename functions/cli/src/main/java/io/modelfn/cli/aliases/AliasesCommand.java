package io.modelfn.cli.aliases;

import picocli.CommandLine.Command;

/** {@code modelfn aliases}: groups the commands on aliases. */
@Command(name = "aliases", mixinStandardHelpOptions = true,
        description = "Aliases (production, staging, ...): named pointers at versions of a model.",
        subcommands = {SetAliasCommand.class, RollbackAliasCommand.class, AliasHistoryCommand.class})
public final class AliasesCommand {
}
