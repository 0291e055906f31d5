package io.modelfn.infra.rollout;

import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_CORRECT;
import static io.modelfn.core.metrics.MetricsContract.FEEDBACK_INCORRECT;
import static io.modelfn.core.metrics.MetricsContract.LATENCY;
import static io.modelfn.core.metrics.MetricsContract.REQUESTS;
import static io.modelfn.core.metrics.MetricsContract.SERVER_ERRORS;

import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.AlarmNames;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.monitoring.ContractMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * The model-rollout alarms of one endpoint, all on its {@code canary} variant (dimension set
 * {@code [Endpoint, Variant]}): server-error rate ({@code ServerErrors / Requests}), p99
 * {@code Latency}, and feedback accuracy ({@code FeedbackCorrect / (FeedbackCorrect +
 * FeedbackIncorrect)}, only once enough feedback arrived). Their action is the rollout function,
 * which sets the canary's weight to zero and moves the alias back.
 *
 * <p>Names are {@code <prefix><endpoint>-canary-...}: the rollout function reads an endpoint's
 * alarms by that prefix before it advances a step. Missing data is not breaching: a canary with
 * no traffic is never rolled back for silence (nor promoted: the rollout function wants requests).
 */
public final class RolloutAlarms extends Construct {

    /** What may vary. */
    public record Props(ModelfnSettings.Endpoint endpoint, String alarmPrefix, IAlarmAction action) {
    }

    private static final Duration FAST_PERIOD = Duration.minutes(1);
    // Ground truth arrives later and thinner than requests.
    private static final Duration FEEDBACK_PERIOD = Duration.minutes(5);

    private final Alarm errorRate;
    private final Alarm latency;
    private final Alarm accuracy;

    public RolloutAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        // Alarm ids are unique in the stack: a LambdaAction names its permission on the target after them.
        ModelfnSettings.Endpoint endpoint = props.endpoint();
        String name = endpoint.name();
        String idPrefix = "Canary-" + name + "-";
        String variant = Variant.CANARY;
        int periods = endpoint.evaluationPeriods();

        this.errorRate = Alarm.Builder.create(this, idPrefix + "ErrorRate")
                .alarmName(AlarmNames.name(props.alarmPrefix(), name, variant, AlarmNames.ERROR_RATE))
                .alarmDescription("Server error rate of the canary of endpoint " + name)
                .metric(MathExpression.Builder.create()
                        .expression("IF(requests > 0, errors / requests, 0)")
                        .label("canary server error rate")
                        .usingMetrics(new TreeMap<>(Map.of(
                                "errors", ContractMetrics.byEndpointVariant(SERVER_ERRORS, name, variant, "Sum", FAST_PERIOD),
                                "requests", ContractMetrics.byEndpointVariant(REQUESTS, name, variant, "Sum", FAST_PERIOD))))
                        .period(FAST_PERIOD)
                        .build())
                .threshold(endpoint.maxServerErrorRate())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        this.latency = Alarm.Builder.create(this, idPrefix + "P99Latency")
                .alarmName(AlarmNames.name(props.alarmPrefix(), name, variant, AlarmNames.P99_LATENCY))
                .alarmDescription("p99 latency (ms) of the canary of endpoint " + name)
                .metric(ContractMetrics.byEndpointVariant(LATENCY, name, variant, "p99", FAST_PERIOD))
                .threshold(endpoint.maxP99LatencyMs())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        // FILL: a period with only correct (or only incorrect) feedback has no datapoint for the other.
        String total = "(FILL(correct, 0) + FILL(incorrect, 0))";
        this.accuracy = Alarm.Builder.create(this, idPrefix + "Accuracy")
                .alarmName(AlarmNames.name(props.alarmPrefix(), name, variant, AlarmNames.ACCURACY))
                .alarmDescription("Feedback accuracy of the canary of endpoint " + name + " (from "
                        + endpoint.minFeedbackSamples() + " labelled predictions per period)")
                .metric(MathExpression.Builder.create()
                        .expression("IF(" + total + " >= " + endpoint.minFeedbackSamples() + ", FILL(correct, 0) / "
                                + total + ", 1)")
                        .label("canary feedback accuracy")
                        .usingMetrics(new TreeMap<>(Map.of(
                                "correct", ContractMetrics.byEndpointVariant(FEEDBACK_CORRECT, name, variant, "Sum", FEEDBACK_PERIOD),
                                "incorrect", ContractMetrics.byEndpointVariant(FEEDBACK_INCORRECT, name, variant, "Sum", FEEDBACK_PERIOD))))
                        .period(FEEDBACK_PERIOD)
                        .build())
                .threshold(endpoint.minAccuracy())
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        for (Alarm alarm : alarms()) {
            alarm.addAlarmAction(props.action());
        }
    }

    public Alarm errorRateAlarm() {
        return errorRate;
    }

    public Alarm latencyAlarm() {
        return latency;
    }

    public Alarm accuracyAlarm() {
        return accuracy;
    }

    public List<Alarm> alarms() {
        return List.of(errorRate, latency, accuracy);
    }
}
