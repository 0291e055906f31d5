package io.modelfn.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EmptyRequest;
import io.modelfn.admin.contract.ModelList;
import io.modelfn.admin.contract.ModelSummary;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code modelfn models list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the models: how many versions each has, which is in production, its aliases.",
        footerHeading = "%nExample:%n", footer = "  modelfn models list")
final class ListModelsCommand extends AdminCommand {

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.MODELS, new EmptyRequest());
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        TextTable table = TextTable.withColumns("MODEL", "VERSIONS", "PRODUCTION", "ALIASES").rightAligned(1);
        for (ModelSummary model : session.read(answer, ModelList.class).models()) {
            table.row(Values.text(model.name()), Values.text(model.versions()), Values.text(model.production()),
                    aliases(model.aliases()));
        }
        if (table.isEmpty()) {
            session.out().println("no models registered");
        } else {
            table.printTo(session.out());
        }
    }

    private static String aliases(Map<String, String> aliases) {
        List<String> pairs = new ArrayList<>();
        if (aliases != null) {
            aliases.forEach((alias, version) -> pairs.add(alias + "=" + version));
        }
        return String.join(", ", pairs);
    }
}
