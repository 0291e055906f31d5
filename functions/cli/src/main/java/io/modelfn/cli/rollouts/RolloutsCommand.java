package io.modelfn.cli.rollouts;

import picocli.CommandLine.Command;

/** {@code modelfn rollouts}: gradual releases of a new version on an endpoint. */
@Command(name = "rollouts", mixinStandardHelpOptions = true,
        description = "Gradual releases: the canary's share rises step by step while its alarms stay quiet, "
                + "then the version is promoted; an alarm rolls it back.",
        subcommands = {
            StartRolloutCommand.class,
            RolloutStateCommand.Show.class,
            RolloutStateCommand.Pause.class,
            RolloutStateCommand.Resume.class,
            RolloutStateCommand.Abort.class})
public final class RolloutsCommand {
}
