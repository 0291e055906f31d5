package io.modelfn.infra.monitoring;

import io.modelfn.core.metrics.MetricsContract;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * One alarm for the whole stage: the largest {@code FeatureDriftPSI} any feature of any model
 * version reports (dimension set {@code [Model, Version, Feature]}), above a line, over three
 * periods. The rollout function emits that index every {@link #PERIOD} (the CDK app sets its
 * {@code MODELFN_DRIFT_EVERY} to the same value), from the {@code FeatureBinCount} sums of every
 * execution environment, so one datapoint per period stands for the whole traffic. A CloudWatch
 * Metrics Insights query, because features are only known at run time. Drift is a reason to look and retrain, not to roll back, so the alarm has no action: it is
 * on the dashboard and in the console for an operator (add a notification to it as you wish).
 */
public final class FeatureDriftAlarm extends Construct {

    /** What may vary. */
    public record Props(String alarmName, double maxPsi) {
    }

    /** How often the index is computed and the alarm's period. */
    public static final Duration PERIOD = Duration.minutes(5);
    static final int PERIODS = 3;

    private final Alarm alarm;

    public FeatureDriftAlarm(Construct scope, String id, Props props) {
        super(scope, id);
        this.alarm = Alarm.Builder.create(this, "Alarm")
                .alarmName(props.alarmName())
                .alarmDescription("Largest population stability index of any feature against its training profile, "
                        + "from the inputs of every execution environment (computed by the rollout function)")
                .metric(query())
                .threshold(props.maxPsi())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(PERIODS)
                .datapointsToAlarm(PERIODS)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** {@code MAX(FeatureDriftPSI)} over every model, version and feature. */
    static MathExpression query() {
        String schema = String.join(", ", MetricsContract.BY_MODEL_VERSION_FEATURE);
        return MathExpression.Builder.create()
                .expression("SELECT MAX(" + MetricsContract.FEATURE_DRIFT_PSI + ") FROM SCHEMA(\""
                        + MetricsContract.NAMESPACE + "\", " + schema + ")")
                .usingMetrics(Map.of())
                .label("largest feature PSI")
                .period(PERIOD)
                .build();
    }

    public Alarm alarm() {
        return alarm;
    }
}
