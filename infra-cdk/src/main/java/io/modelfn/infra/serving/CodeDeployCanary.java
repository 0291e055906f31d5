package io.modelfn.infra.serving;

import io.modelfn.core.alarms.FunctionAlarms;
import io.modelfn.infra.monitoring.DefinedAlarms;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Safe code deployments of one function: a CodeDeploy deployment group on its {@code live} alias
 * that shifts traffic to a new version in a canary (by default 10 % for 5 minutes), watches the
 * alias's error and p99 duration alarms and, for functions that answer requests, the new version's
 * own server-error rate (500 answers are successful invocations to Lambda), and rolls back by itself when a deployment fails or an
 * alarm fires. The same alarms may also call the rollout function (which resets the alias weights).
 *
 * <p>The CodeDeploy service role is ours, inline and scoped: the AWS-managed
 * AWSCodeDeployRoleForLambdaLimited would allow alias updates on every function in the account.
 */
public final class CodeDeployCanary extends Construct {

    /**
     * What may vary. {@code alarmNamePrefix} is e.g. {@code modelfn-dev-function-predict-};
     * {@code maxServerErrorRate} is set for functions that emit request metrics (their 5xx answers).
     */
    public record Props(ModelFunction function, String alarmNamePrefix, String deploymentConfig, int errorsThreshold,
            int p99DurationMs, Optional<IAlarmAction> alarmAction, Optional<Double> maxServerErrorRate) {
    }

    private final Alarm errors;
    private final Alarm duration;
    private final Optional<Alarm> serverErrors;
    private final LambdaDeploymentGroup group;

    public CodeDeployCanary(Construct scope, String id, Props props) {
        super(scope, id);
        // Alarm ids are unique in the stack: a LambdaAction names its permission on the target after them.
        var alias = props.function().alias();
        String aliasName = ModelFunction.ALIAS;
        this.errors = Alarm.Builder.create(this, props.function().getNode().getId() + "Errors")
                .alarmName(props.alarmNamePrefix() + aliasName + "-errors")
                .alarmDescription("Errors of the " + aliasName + " alias: rolls a code deployment back")
                .metric(alias.metricErrors(MetricOptions.builder().period(Duration.minutes(1)).statistic("Sum").build()))
                .threshold(props.errorsThreshold())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        this.duration = Alarm.Builder.create(this, props.function().getNode().getId() + "Duration")
                .alarmName(props.alarmNamePrefix() + aliasName + "-p99-duration")
                .alarmDescription("p99 duration of the " + aliasName + " alias: rolls a code deployment back")
                .metric(alias.metricDuration(MetricOptions.builder().period(Duration.minutes(1)).statistic("p99").build()))
                .threshold(props.p99DurationMs())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        // The version being deployed (CloudFormation publishes it before it updates the alias, which starts
        // the deployment); its own 5xx rate, which Lambda's Errors cannot see.
        String functionName = props.function().functionName();
        this.serverErrors = props.maxServerErrorRate().map(max -> DefinedAlarms.render(this,
                props.function().getNode().getId() + "ServerErrorRate",
                FunctionAlarms.serverErrorRate(props.alarmNamePrefix() + aliasName + "-server-error-rate", functionName,
                        props.function().function().getCurrentVersion().getVersion(), max)));
        serverErrors.ifPresent(alarm -> alias.getNode().addDependency(alarm));
        // The rollout function resets the alias on Lambda's alarms; the 5xx alarm is CodeDeploy's alone.
        props.alarmAction().ifPresent(action -> List.of(errors, duration).forEach(alarm -> alarm.addAlarmAction(action)));

        String functionArn = props.function().function().getFunctionArn();
        Role role = Role.Builder.create(this, "ServiceRole")
                .assumedBy(new ServicePrincipal("codedeploy.amazonaws.com"))
                .description("CodeDeploy shifts the " + aliasName + " alias of one function")
                .inlinePolicies(Map.of("shift-alias", PolicyDocument.Builder.create()
                        .statements(List.of(
                                PolicyStatement.Builder.create()
                                        .actions(List.of("lambda:GetAlias", "lambda:UpdateAlias",
                                                "lambda:GetProvisionedConcurrencyConfig"))
                                        .resources(List.of(functionArn, functionArn + ":" + aliasName))
                                        .build(),
                                PolicyStatement.Builder.create()
                                        .actions(List.of("cloudwatch:DescribeAlarms"))
                                        .resources(alarms().stream().map(Alarm::getAlarmArn).toList())
                                        .build()))
                        .build()))
                .build();

        this.group = LambdaDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .application(LambdaApplication.Builder.create(this, "Application").build())
                .alias(alias)
                .deploymentConfig(deploymentConfig(props.deploymentConfig()))
                .alarms(List.copyOf(alarms()))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true)
                        .stoppedDeployment(true)
                        .deploymentInAlarm(true)
                        .build())
                // Immutable: CDK would otherwise attach AWSCodeDeployRoleForLambdaLimited (all functions).
                .role(role.withoutPolicyUpdates())
                .build();
    }

    public Alarm errorsAlarm() {
        return errors;
    }

    public Alarm durationAlarm() {
        return duration;
    }

    /** Lambda's errors and duration, and (for functions that emit request metrics) the version's own 5xx rate. */
    public List<Alarm> alarms() {
        List<Alarm> all = new ArrayList<>(List.of(errors, duration));
        serverErrors.ifPresent(all::add);
        return all;
    }

    public Optional<Alarm> serverErrorsAlarm() {
        return serverErrors;
    }

    public LambdaDeploymentGroup deploymentGroup() {
        return group;
    }

    /**
     * A predefined Lambda deployment config by name: {@code CANARY_10PERCENT_5MINUTES},
     * {@code CANARY_10_PERCENT_5_MINUTES} and {@code LambdaCanary10Percent5Minutes} all name the same.
     */
    public static ILambdaDeploymentConfig deploymentConfig(String name) {
        String wanted = normalise(name.replace("CodeDeployDefault.", "").replace("Lambda", ""));
        List<String> known = new ArrayList<>();
        for (Field field : LambdaDeploymentConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ILambdaDeploymentConfig.class.isAssignableFrom(field.getType())) {
                known.add(field.getName());
                if (normalise(field.getName()).equals(wanted)) {
                    try {
                        return (ILambdaDeploymentConfig) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        throw new IllegalArgumentException("codeDeploy.deploymentConfig '" + name + "' is not one of " + known);
    }

    private static String normalise(String name) {
        return name.replace("_", "").toUpperCase(Locale.ROOT);
    }
}
