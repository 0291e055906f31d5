package io.modelfn.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AuditEntry;
import io.modelfn.admin.contract.AuditLog;
import io.modelfn.admin.contract.AuditRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn audit endpoint|model <name> [--limit N]}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Shows the change history of an endpoint or a model: who changed what, from what to what,"
                + " and why.",
        footerHeading = "%nExamples:%n",
        footer = {"  modelfn audit endpoint iris", "  modelfn audit model iris --limit 10 --json"})
public final class AuditCommand extends AdminCommand {

    /** What the history is of. */
    enum SubjectKind { ENDPOINT, MODEL }

    @Parameters(index = "0", paramLabel = "endpoint|model", description = "What the history is of.")
    SubjectKind kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "The endpoint's or the model's name.")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most this many events. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    protected void run(CliSession session) {
        if (limit < 1) {
            throw usageError("--limit must be at least 1");
        }
        String subject = kind.name().toLowerCase(Locale.ROOT) + ":" + name;
        JsonNode answer = session.call(AdminFunction.AUDIT, new AuditRequest(subject, limit));
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        TextTable table = TextTable.withColumns("AT", "ACTION", "ACTOR", "FROM", "TO", "REASON");
        for (AuditEntry event : session.read(answer, AuditLog.class).events()) {
            table.row(Values.text(event.at()), Values.text(event.action()), Values.text(event.actor()),
                    Values.text(event.from()), Values.text(event.to()), Values.text(event.reason()));
        }
        if (table.isEmpty()) {
            session.out().println("no events for " + subject);
        } else {
            table.printTo(session.out());
        }
    }
}
