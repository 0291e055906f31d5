package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.ValidateRequest;
import io.modelfn.cli.admin.AdminApiException;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn versions validate <model> <version>}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validates a registered version again (digest, signature, reference outputs, latency)"
                + " and records the outcome: VALIDATED or FAILED.",
        footerHeading = "%nExample:%n",
        footer = {"  modelfn versions validate iris 1.2.0 --reference reference.json \\",
            "      --latency-budget-ms 50"})
final class ValidateVersionCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version, e.g. 1.2.0.")
    String version;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "Reference inputs and outputs (JSON) to check the model against.")
    Path reference;

    @Option(names = "--latency-budget-ms", paramLabel = "MS",
            description = "Fail validation when inference takes longer than this.")
    Integer latencyBudgetMs;

    @Override
    protected void run(CliSession session) {
        if (latencyBudgetMs != null && latencyBudgetMs <= 0) {
            throw usageError("--latency-budget-ms must be positive");
        }
        ValidateRequest request = new ValidateRequest(model, version,
                reference == null ? null : readJsonObject(session, reference, "reference"),
                latencyBudgetMs == null ? null : BigDecimal.valueOf(latencyBudgetMs), null);
        JsonNode answer;
        try {
            answer = session.call(AdminFunction.VERSIONS_VALIDATE, request);
        } catch (AdminApiException failure) {
            answer = VersionText.failedValidation(failure);
        }
        VersionText.report(session, answer);
    }
}
