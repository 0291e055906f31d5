package io.modelfn.cli.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.EndpointRequest;
import io.modelfn.admin.contract.SetWeightsRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn endpoints weights <endpoint> stable=9000 canary=1000}. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {
            "Sets the traffic weights of an endpoint's variants: basis points (1/100 of a percent) or percentages,"
                    + " adding up to 10000 (100%%); checked before anything is sent.",
            "Without --revision, the endpoint's current revision is read first; give --revision to make the change"
                    + " only if nobody changed the endpoint since you looked (else exit code 4)."},
        footerHeading = "%nExamples:%n",
        footer = {"  modelfn endpoints weights iris stable=9000 canary=1000",
            "  modelfn endpoints weights iris stable=75%% canary=25%% --revision 7"})
final class SetWeightsCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
    String endpoint;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "VARIANT=WEIGHT",
            description = "A variant's weight: basis points (9000) or a percentage (90%%, 2.5%%).")
    List<String> assignments;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Option(names = "--revision", paramLabel = "N",
            description = "The endpoint's current revision. Default: read from the server.")
    Long revision;

    @Override
    protected void run(CliSession session) {
        TrafficWeights weights;
        try {
            weights = TrafficWeights.parse(assignments);
        } catch (InvalidWeightsException e) {
            throw usageError(e.getMessage());
        }
        long current = revision != null ? revision : currentRevision(session);
        JsonNode answer = session.call(AdminFunction.ENDPOINTS_WEIGHTS,
                new SetWeightsRequest(endpoint, weights.basisPoints(), current, reason));
        if (session.json()) {
            session.printJson(answer);
        } else {
            EndpointText.printDetails(session.out(), session.read(answer, EndpointInfo.class));
        }
    }

    private long currentRevision(CliSession session) {
        return session.read(session.call(AdminFunction.ENDPOINTS_DESCRIBE, new EndpointRequest(endpoint)),
                EndpointInfo.class).revision();
    }
}
