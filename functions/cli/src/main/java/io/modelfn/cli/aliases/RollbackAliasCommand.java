package io.modelfn.cli.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AliasInfo;
import io.modelfn.admin.contract.RollbackAliasRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn aliases rollback <model> <alias>}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Points an alias back at the version it pointed at before its last move.",
        footerHeading = "%nExample:%n",
        footer = "  modelfn aliases rollback iris production --reason \"error rate alarm after 1.1.0\"")
final class RollbackAliasCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
    String alias;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.ALIASES_ROLLBACK, new RollbackAliasRequest(model, alias, reason));
        if (session.json()) {
            session.printJson(answer);
        } else {
            session.out().println(AliasText.summary(model, session.read(answer, AliasInfo.class)));
        }
    }
}
