package io.modelfn.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AliasInfo;
import io.modelfn.admin.contract.ModelDetails;
import io.modelfn.admin.contract.ModelRequest;
import io.modelfn.admin.contract.VersionInfo;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelfn models describe <model>}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a model: its versions, its aliases and the endpoints that serve it.",
        footerHeading = "%nExample:%n", footer = "  modelfn models describe iris")
final class DescribeModelCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.MODELS_DESCRIBE, new ModelRequest(model));
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        PrintWriter out = session.out();
        ModelDetails details = session.read(answer, ModelDetails.class);
        out.println("model " + Values.text(details.name()));
        out.println("endpoints: " + Values.list(details.endpoints()));
        out.println();
        TextTable versions = TextTable.withColumns("VERSION", "STATE", "TASK", "SIZE", "SHA256", "S3 VERSION", "CREATED",
                "CREATED BY", "REVISION").rightAligned(3, 8);
        for (VersionInfo version : details.versions()) {
            versions.row(Values.text(version.version()), Values.text(version.state()), Values.text(version.task()),
                    Values.bytes(version.sizeBytes()), Values.shortDigest(version.sha256()),
                    Values.text(version.artifactVersionId()), Values.text(version.createdAt()), Values.text(version.createdBy()), Values.text(version.revision()));
        }
        versions.printTo(out);
        out.println();
        TextTable aliases = TextTable.withColumns("ALIAS", "VERSION", "PREVIOUS", "REVISION").rightAligned(3);
        for (AliasInfo alias : details.aliases()) {
            aliases.row(Values.text(alias.alias()), Values.text(alias.version()), Values.text(alias.previousVersion()),
                    Values.text(alias.revision()));
        }
        if (aliases.isEmpty()) {
            out.println("no aliases");
        } else {
            aliases.printTo(out);
        }
    }
}
