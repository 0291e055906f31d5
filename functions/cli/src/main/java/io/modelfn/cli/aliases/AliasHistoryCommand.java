package io.modelfn.cli.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AliasHistoryInfo;
import io.modelfn.admin.contract.AliasHistoryRequest;
import io.modelfn.admin.contract.AliasMoveInfo;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn aliases history <model> <alias> [--limit N] [--after CURSOR]}. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Shows where an alias pointed, newest move first: the version, the one before, when, by whom"
                + " and why (promotions, rollbacks and manual moves).",
        footerHeading = "%nExamples:%n",
        footer = {"  modelfn aliases history iris production", "  modelfn aliases history iris production --limit 5 --json"})
final class AliasHistoryCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
    String alias;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most this many moves (1 to 100). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "Older moves: the cursor a previous page printed.")
    String after;

    @Override
    protected void run(CliSession session) {
        if (limit < 1 || limit > 100) {
            throw usageError("--limit must be 1 to 100");
        }
        JsonNode answer = session.call(AdminFunction.ALIASES_HISTORY, new AliasHistoryRequest(model, alias, limit, after));
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        AliasHistoryInfo history = session.read(answer, AliasHistoryInfo.class);
        TextTable table = TextTable.withColumns("AT", "VERSION", "PREVIOUS", "ACTOR", "REASON");
        for (AliasMoveInfo move : history.moves()) {
            table.row(Values.text(move.at()), Values.text(move.version()), Values.text(move.previousVersion()),
                    Values.text(move.actor()), Values.text(move.reason()));
        }
        if (table.isEmpty()) {
            session.out().println("no moves of " + model + " " + alias);
        } else {
            table.printTo(session.out());
        }
        if (history.next() != null) {
            session.out().println("older moves: --after " + history.next());
        }
    }
}
