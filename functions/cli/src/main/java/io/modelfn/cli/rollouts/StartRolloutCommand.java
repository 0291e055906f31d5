package io.modelfn.cli.rollouts;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.StartRolloutRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.endpoints.EndpointText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn rollouts start <endpoint> <version>}. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Starts releasing VERSION on ENDPOINT as its canary. The canary's share walks through --steps; "
                + "each step is left once it has baked, the canary served --min-requests and no alarm fires; "
                + "the last step (100%) promotes the version, which is then watched for --watch.",
        footerHeading = "%nExample:%n",
        footer = "  modelfn rollouts start iris 1.2.0 --steps 5,25,50,100 --bake 10m --min-requests 200 --watch 30m")
final class StartRolloutCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint.")
    String endpoint;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to release (of the endpoint's model).")
    String version;

    @Option(names = "--steps", defaultValue = "5,25,50,100", paramLabel = "PERCENTS",
            description = "The canary's share at each step, in percent, rising, ending at 100. Default: ${DEFAULT-VALUE}.")
    String steps;

    @Option(names = "--bake", defaultValue = "10m", paramLabel = "DURATION",
            description = "Minimum time on each step: 90s, 10m, 1h. Default: ${DEFAULT-VALUE}.")
    String bake;

    @Option(names = "--min-requests", defaultValue = "100", paramLabel = "N",
            description = "Minimum canary requests on a step before it may be left. Default: ${DEFAULT-VALUE}.")
    long minRequests;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "The alias moved on promotion (default production).")
    String alias;

    @Option(names = "--watch", defaultValue = "30m", paramLabel = "DURATION",
            description = "How long the promoted version is watched: an alarm in that time rolls the promotion back"
                    + " (0s: no watch). Default: ${DEFAULT-VALUE}.")
    String watch;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Override
    protected void run(CliSession session) {
        StartRolloutRequest request = new StartRolloutRequest(endpoint, version, parseSteps(steps),
                parseDuration(bake, "--bake").toSeconds(), minRequests, alias, reason != null && !reason.isBlank() ? reason : null,
                parseDuration(watch, "--watch").toSeconds());
        JsonNode answer = session.call(AdminFunction.ROLLOUTS_START, request);
        if (session.json()) {
            session.printJson(answer);
        } else {
            EndpointText.printDetails(session.out(), session.read(answer, EndpointInfo.class));
        }
    }

    /** {@code 5,25,50,100} percent → basis points. */
    List<Integer> parseSteps(String text) {
        List<Integer> result = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().replace("%", "");
            try {
                BigDecimal bps = new BigDecimal(p).multiply(BigDecimal.valueOf(100));
                result.add(bps.intValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw usageError("--steps must be percentages like 5,25,50,100 (at most two decimals), not '" + part + "'");
            }
        }
        return result;
    }

    Duration parseDuration(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw usageError(option + " must look like 90s, 10m or 1h, not '" + text + "'");
        }
    }
}
