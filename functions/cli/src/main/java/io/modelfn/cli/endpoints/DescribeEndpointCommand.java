package io.modelfn.cli.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.EndpointRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelfn endpoints describe <name>}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows an endpoint: its variants with weights (basis points) and shares, shadow, backend, revision.",
        footerHeading = "%nExample:%n", footer = "  modelfn endpoints describe iris")
final class DescribeEndpointCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
    String endpoint;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.ENDPOINTS_DESCRIBE, new EndpointRequest(endpoint));
        if (session.json()) {
            session.printJson(answer);
        } else {
            EndpointText.printDetails(session.out(), session.read(answer, EndpointInfo.class));
        }
    }
}
