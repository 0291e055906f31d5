package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.PromoteRequest;
import io.modelfn.admin.contract.PromotionResult;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn versions promote <model> <version>}. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Points an alias (production by default) at a validated version; the version it"
                + " pointed at before is demoted.",
        footerHeading = "%nExample:%n",
        footer = "  modelfn versions promote iris 1.1.0 --reason \"accuracy 0.73 -> 0.91\"")
final class PromoteVersionCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to promote.")
    String version;

    @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = "production",
            description = "The alias to point at the version. Default: ${DEFAULT-VALUE}.")
    String alias;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.VERSIONS_PROMOTE, new PromoteRequest(model, version, alias, reason));
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        PromotionResult promotion = session.read(answer, PromotionResult.class);
        session.out().println(model + " " + alias + " -> " + version + " (alias revision "
                + Values.text(promotion.alias() == null ? null : promotion.alias().revision()) + "); "
                + (promotion.demoted() != null ? promotion.demoted() + " demoted" : "no version demoted"));
        session.out().println(VersionText.summary(promotion.version()));
    }
}
