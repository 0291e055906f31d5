package io.modelfn.cli.endpoints;

import picocli.CommandLine.Command;

/** {@code modelfn endpoints}: groups the commands on endpoints. */
@Command(name = "endpoints", mixinStandardHelpOptions = true,
        description = "Endpoints: the names clients call, each splitting its traffic across model versions by weight.",
        subcommands = {
            ListEndpointsCommand.class,
            DescribeEndpointCommand.class,
            SetWeightsCommand.class,
            SetAlarmLimitsCommand.class,
            PutEndpointCommand.class})
public final class EndpointsCommand {
}
