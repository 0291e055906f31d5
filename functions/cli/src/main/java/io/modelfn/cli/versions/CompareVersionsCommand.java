package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.CompareRequest;
import io.modelfn.admin.contract.MetricDelta;
import io.modelfn.admin.contract.VersionComparison;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.TextTable;
import io.modelfn.cli.output.Values;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelfn versions compare <model> <a> <b>}. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares two versions: their metrics side by side with the change from A to B, whether"
                + " their signatures are equal, and which fields differ.",
        footerHeading = "%nExample:%n", footer = "  modelfn versions compare iris 1.0.0 1.1.0")
final class CompareVersionsCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "A", description = "The version compared from (the baseline).")
    String a;

    @Parameters(index = "2", paramLabel = "B", description = "The version compared to (the candidate).")
    String b;

    @Override
    protected void run(CliSession session) {
        JsonNode answer = session.call(AdminFunction.VERSIONS_COMPARE,
                new CompareRequest(model, a, b));
        if (session.json()) {
            session.printJson(answer);
            return;
        }
        VersionComparison comparison = session.read(answer, VersionComparison.class);
        PrintWriter out = session.out();
        out.println(model + " " + a + " (" + Values.text(comparison.a() == null ? null : comparison.a().state())
                + ") vs " + b + " (" + Values.text(comparison.b() == null ? null : comparison.b().state()) + ")");
        out.println();
        TextTable metrics = TextTable.withColumns("METRIC", a, b, "DELTA").rightAligned(1, 2, 3);
        for (MetricDelta metric : comparison.metrics()) {
            metrics.row(Values.text(metric.name()), Values.number(metric.a()), Values.number(metric.b()),
                    Values.delta(metric.delta()));
        }
        if (metrics.isEmpty()) {
            out.println("no metrics to compare");
        } else {
            metrics.printTo(out);
        }
        out.println();
        out.println("signature: " + (comparison.signatureEqual() ? "equal" : "DIFFERENT"));
        out.println("differences: " + Values.list(comparison.differences()));
    }
}
