package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.VersionInfo;
import io.modelfn.admin.contract.VersionRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelfn versions describe <model> <version>}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a version: state, artifact, digest, signature, metrics (--json adds its whole card).",
        footerHeading = "%nExample:%n", footer = "  modelfn versions describe iris 1.1.0")
final class DescribeVersionCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version, e.g. 1.1.0.")
    String version;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.VERSIONS_DESCRIBE,
                new VersionRequest(model, version));
        if (session.json()) {
            session.printJson(answer);
        } else {
            VersionText.printDetails(session.out(), session.read(answer, VersionInfo.class));
        }
    }
}
