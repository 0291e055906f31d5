package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.ArchiveRequest;
import io.modelfn.admin.contract.VersionInfo;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn versions archive <model> <version>}. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Archives a version that is no longer needed; it stays in the registry and the audit trail.",
        footerHeading = "%nExample:%n", footer = "  modelfn versions archive iris 1.0.0 --reason \"replaced by 1.1.0\"")
final class ArchiveVersionCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version.")
    String version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.VERSIONS_ARCHIVE, new ArchiveRequest(model, version, reason));
        if (session.json()) {
            session.printJson(answer);
        } else {
            session.out().println(VersionText.summary(session.read(answer, VersionInfo.class)));
        }
    }
}
