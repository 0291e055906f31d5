package io.modelfn.cli.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.CleanupRequest;
import io.modelfn.admin.contract.CleanupResult;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn cleanup <model> --keep N [--dry-run]}. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Deletes the versions of a model beyond the newest N that the server keeps. --dry-run shows"
                + " what would be deleted and deletes nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  modelfn cleanup iris --keep 3 --dry-run", "  modelfn cleanup iris --keep 3"})
public final class CleanupCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Option(names = "--keep", paramLabel = "N", required = true, description = "How many versions to keep.")
    int keep;

    @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    protected void run(CliSession session) {
        if (keep < 1) {
            throw usageError("--keep must be at least 1");
        }
        JsonNode answer = session.call(AdminFunction.CLEANUP,
                new CleanupRequest(model, keep, dryRun, null));
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        CleanupResult result = session.read(answer, CleanupResult.class);
        String deleted = Values.list(result.deleted());
        String kept = Values.list(result.kept());
        if (dryRun) {
            session.out().println("dry run, nothing deleted");
            session.out().println("would delete: " + deleted);
            session.out().println("would keep:   " + kept);
        } else {
            session.out().println("deleted: " + deleted);
            session.out().println("kept:    " + kept);
        }
    }
}
