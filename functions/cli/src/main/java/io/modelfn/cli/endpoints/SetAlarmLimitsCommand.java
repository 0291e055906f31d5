package io.modelfn.cli.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.SetAlarmLimitsRequest;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn endpoints alarm-limits <endpoint> --max-server-error-rate 0.02 ...}. */
@Command(name = "alarm-limits", mixinStandardHelpOptions = true,
        description = {
            "Sets the limits of the alarms that guard this endpoint's releases (rolled back when a canary crosses"
                    + " one); a limit not given takes the stage's default. The server checks the ranges and changes"
                    + " nothing when one is out of range.",
            "A release in progress gets its alarms with the new limits on the rollout's next scheduled step."
                    + " Endpoints named in the stage settings keep the alarms their stack made."},
        footerHeading = "%nExamples:%n",
        footer = {"  modelfn endpoints alarm-limits iris --max-server-error-rate 0.02 --max-p99-latency-ms 400",
            "  modelfn endpoints alarm-limits iris --stage-defaults"})
final class SetAlarmLimitsCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
    String endpoint;

    @Option(names = "--max-server-error-rate", paramLabel = "RATE",
            description = "Server errors per request above which the canary fails, above 0 and below 1.")
    Double maxServerErrorRate;

    @Option(names = "--max-p99-latency-ms", paramLabel = "MS", description = "p99 latency above which the canary fails.")
    Integer maxP99LatencyMs;

    @Option(names = "--min-accuracy", paramLabel = "RATE",
            description = "Feedback accuracy below which the canary fails, above 0 and at most 1.")
    Double minAccuracy;

    @Option(names = "--min-feedback-samples", paramLabel = "N",
            description = "Labelled predictions a five-minute period needs before its accuracy counts.")
    Integer minFeedbackSamples;

    @Option(names = "--evaluation-periods", paramLabel = "N",
            description = "One-minute periods over the error-rate or latency limit before the alarm fires.")
    Integer evaluationPeriods;

    @Option(names = "--stage-defaults", description = "Drop the endpoint's own limits: the stage's defaults throughout.")
    boolean stageDefaults;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Option(names = "--revision", paramLabel = "N",
            description = "The endpoint's current revision. Default: the server's current one.")
    Long revision;

    @Override
    protected void run(CliSession session) {
        boolean anyLimit = maxServerErrorRate != null || maxP99LatencyMs != null || minAccuracy != null
                || minFeedbackSamples != null || evaluationPeriods != null;
        if (anyLimit == stageDefaults) {
            throw usageError(stageDefaults ? "--stage-defaults drops every limit: give no limit with it"
                    : "give at least one limit, or --stage-defaults");
        }
        JsonNode answer = session.call(AdminFunction.ENDPOINTS_ALARM_LIMITS, new SetAlarmLimitsRequest(endpoint,
                maxServerErrorRate, maxP99LatencyMs, minAccuracy, minFeedbackSamples, evaluationPeriods, revision, reason));
        if (session.json()) {
            session.printJson(answer);
        } else {
            EndpointText.printDetails(session.out(), session.read(answer, EndpointInfo.class));
        }
    }
}
