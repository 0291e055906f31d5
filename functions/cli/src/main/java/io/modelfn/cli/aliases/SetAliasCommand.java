package io.modelfn.cli.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AliasInfo;
import io.modelfn.admin.contract.ModelDetails;
import io.modelfn.admin.contract.ModelRequest;
import io.modelfn.admin.contract.SetAliasRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn aliases set <model> <alias> <version> [--revision N]}. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {
            "Points an alias at a version, creating the alias when it does not exist.",
            "Without --revision, the alias's current revision is read first (models describe); give --revision"
                    + " to make the change only if nobody moved the alias since you looked (else exit code 4)."},
        footerHeading = "%nExamples:%n",
        footer = {"  modelfn aliases set iris staging 1.2.0", "  modelfn aliases set iris production 1.1.0 --revision 4"})
final class SetAliasCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
    String alias;

    @Parameters(index = "2", paramLabel = "VERSION", description = "The version to point it at.")
    String version;

    @Option(names = "--revision", paramLabel = "N",
            description = "The alias's current revision; 0 creates it. Default: read from the server.")
    Long revision;

    @Override
    protected void run(CliSession session) {
        if (revision != null && revision < 0) {
            throw usageError("--revision must not be negative");
        }
        long current = revision != null ? revision : currentRevision(session);
        JsonNode answer = session.call(AdminFunction.ALIASES_SET, new SetAliasRequest(model, alias,
                version, current, null));
        if (session.json()) {
            session.printJson(answer);
        } else {
            session.out().println(AliasText.summary(model, session.read(answer, AliasInfo.class)));
        }
    }

    /** The alias's revision as the model's description gives it; 0 when there is no such alias yet. */
    private long currentRevision(CliSession session) {
        ModelDetails described = session.read(session.call(AdminFunction.MODELS_DESCRIBE, new ModelRequest(model)),
                ModelDetails.class);
        for (AliasInfo existing : described.aliases()) {
            if (alias.equals(existing.alias())) {
                return existing.revision();
            }
        }
        return 0;
    }
}
