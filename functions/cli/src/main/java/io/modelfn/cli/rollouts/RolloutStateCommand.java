package io.modelfn.cli.rollouts;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.EndpointRequest;
import io.modelfn.admin.contract.RolloutRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.endpoints.EndpointText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that act on an endpoint's rollout by name: show, pause, resume, abort. */
abstract class RolloutStateCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint.")
    String endpoint;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    abstract AdminFunction function();

    @Override
    protected void run(CliSession session) {
        Object request = function() == AdminFunction.ENDPOINTS_DESCRIBE ? new EndpointRequest(endpoint)
                : new RolloutRequest(endpoint, reason != null && !reason.isBlank() ? reason : null);
        JsonNode answer = session.call(function(), request);
        if (session.json()) {
            session.printJson(answer);
        } else {
            EndpointText.printDetails(session.out(), session.read(answer, EndpointInfo.class));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows the endpoint and its rollout.",
            footerHeading = "%nExample:%n", footer = "  modelfn rollouts show iris")
    static final class Show extends RolloutStateCommand {
        @Override
        AdminFunction function() {
            return AdminFunction.ENDPOINTS_DESCRIBE;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pauses the rollout: weights stay, no step is taken until it is resumed.",
            footerHeading = "%nExample:%n", footer = "  modelfn rollouts pause iris --reason 'weekend'")
    static final class Pause extends RolloutStateCommand {
        @Override
        AdminFunction function() {
            return AdminFunction.ROLLOUTS_PAUSE;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resumes a paused rollout; the current step bakes again from now.",
            footerHeading = "%nExample:%n", footer = "  modelfn rollouts resume iris")
    static final class Resume extends RolloutStateCommand {
        @Override
        AdminFunction function() {
            return AdminFunction.ROLLOUTS_RESUME;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stops the rollout and sends all traffic back to the stable version.",
            footerHeading = "%nExample:%n", footer = "  modelfn rollouts abort iris --reason 'wrong card'")
    static final class Abort extends RolloutStateCommand {
        @Override
        AdminFunction function() {
            return AdminFunction.ROLLOUTS_ABORT;
        }
    }
}
