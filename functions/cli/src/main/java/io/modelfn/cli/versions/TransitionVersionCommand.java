package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.TransitionRequest;
import io.modelfn.admin.contract.VersionInfo;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn versions transition <model> <version> <STATE> --revision N}. */
@Command(name = "transition", mixinStandardHelpOptions = true,
        description = "Moves a version to another lifecycle state. --revision is the version's current revision"
                + " (versions describe shows it): a stale one is refused with exit code 4.",
        footerHeading = "%nExample:%n",
        footer = {"  modelfn versions transition iris 1.0.0 DEPRECATED --revision 3 \\",
            "      --reason \"superseded by 1.1.0\""})
final class TransitionVersionCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version.")
    String version;

    @Parameters(index = "2", paramLabel = "STATE", description = "The new state, e.g. DEPRECATED (case-insensitive).")
    String state;

    @Option(names = "--revision", paramLabel = "N", required = true, description = "The version's current revision.")
    long revision;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.VERSIONS_TRANSITION, new TransitionRequest(model, version,
                state.strip().toUpperCase(Locale.ROOT), revision, reason));
        if (session.json()) {
            session.printJson(answer);
        } else {
            session.out().println(VersionText.summary(session.read(answer, VersionInfo.class)));
        }
    }
}
