package io.modelfn.cli.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EmptyRequest;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.EndpointList;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import picocli.CommandLine.Command;

/** {@code modelfn endpoints list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the endpoints with their variants, traffic shares and shadows.",
        footerHeading = "%nExample:%n", footer = "  modelfn endpoints list")
final class ListEndpointsCommand extends AdminCommand {

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.ENDPOINTS, new EmptyRequest());
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        TextTable table = TextTable.withColumns("ENDPOINT", "VARIANTS", "SHADOW", "BACKEND", "REVISION", "UPDATED")
                .rightAligned(4);
        for (EndpointInfo endpoint : session.read(answer, EndpointList.class).endpoints()) {
            table.row(Values.text(endpoint.name()), EndpointText.variantsInOneLine(endpoint.variants()),
                    EndpointText.shadow(endpoint.shadow()), Values.text(endpoint.backend()),
                    Values.text(endpoint.revision()), Values.text(endpoint.updatedAt()));
        }
        if (table.isEmpty()) {
            session.out().println("no endpoints");
        } else {
            table.printTo(session.out());
        }
    }
}
