package io.modelfn.infra.stacks;

import io.modelfn.infra.config.LogRetention;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.data.FeedbackTable;
import io.modelfn.infra.data.ModelBucket;
import io.modelfn.infra.data.RegistryTable;
import io.modelfn.infra.monitoring.AlarmTopic;
import io.modelfn.infra.monitoring.FeatureDriftAlarm;
import io.modelfn.infra.monitoring.ServingDashboard;
import io.modelfn.infra.rollout.RolloutAlarms;
import io.modelfn.infra.rollout.RolloutPermissions;
import io.modelfn.infra.rollout.RolloutSchedule;
import io.modelfn.infra.serving.CodeDeployCanary;
import io.modelfn.infra.serving.ModelFunction;
import io.modelfn.infra.serving.PredictionApi;
import io.modelfn.infra.serving.ServingEnvironment;
import io.modelfn.infra.serving.ShadowSelfInvocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.actions.LambdaAction;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * The stateless part of a stage, wired from constructs: the prediction, admin and rollout
 * functions, the HTTP API, a CodeDeploy canary per function alias, the rollout alarms and
 * schedule per configured endpoint, the feature-drift alarm, and the dashboard. Grants are made here, each by the
 * construct that owns the resource.
 *
 * <p>With a GPU stack, the prediction function may call its backends: {@code InvokeEndpoint} on the
 * SageMaker endpoint, and, with the ECS service on, HTTP to its internal load balancer from the GPU
 * VPC's private subnets. The admin and rollout functions stay outside any VPC.
 */
public final class ServingStack extends Stack {

    private final ModelFunction prediction;
    private final ModelFunction admin;
    private final ModelFunction rollout;
    private final PredictionApi api;
    private final List<CodeDeployCanary> canaries = new ArrayList<>();
    private final List<RolloutAlarms> rolloutAlarms = new ArrayList<>();
    private final AlarmTopic alarmTopic;
    private final RolloutSchedule schedule;
    private final FeatureDriftAlarm driftAlarm;
    private final ServingDashboard dashboard;

    public ServingStack(Construct scope, String id, StackProps props, ModelfnSettings settings, DataStack data,
            Optional<GpuStack> gpu) {
        super(scope, id, props);
        // Deployed after the GPU backends, so the prediction function never names one that is not there yet.
        gpu.ifPresent(g -> addStackDependency(g, "the prediction function calls the GPU backends"));
        ModelBucket models = data.models();
        RegistryTable registry = data.registry();
        FeedbackTable feedback = data.feedback();
        ServingEnvironment.Tables tables = new ServingEnvironment.Tables(registry.table().getTableName(),
                feedback.table().getTableName());
        String table = tables.registry();
        String bucket = models.bucket().getBucketName();
        String prefix = settings.namePrefix();
        ModelfnSettings.Functions sizes = settings.functions();
        boolean retainLogs = !settings.isDevStage();

        LayerVersion onnxRuntime = LayerVersion.Builder.create(this, "OnnxRuntimeLayer")
                .description("ONNX Runtime linux-x64 natives, pre-extracted under /opt/onnxruntime/lib")
                .code(Code.fromAsset(settings.artifacts().onnxRuntimeLayerZip().toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_25))
                .compatibleArchitectures(List.of(Architecture.X86_64))
                .build();

        String predictionName = prefix + "-predict";
        String adminName = prefix + "-admin";
        // Only the ECS service's internal load balancer needs the function inside the VPC; SageMaker is an AWS API.
        Optional<ModelFunction.VpcPlacement> predictionVpc = gpu.filter(g -> g.ecs().isPresent())
                .map(g -> new ModelFunction.VpcPlacement(g.network().vpc(), g.network().privateSubnets()));
        this.prediction = new ModelFunction(this, "Prediction", new ModelFunction.Props(predictionName,
                "modelfn predictions (OIP v2, predict, SageMaker contract); admin off",
                settings.artifacts().apiFunctionZip(), sizes.prediction().memoryMb(), sizes.prediction().timeoutSeconds(),
                ServingEnvironment.prediction(settings, tables, bucket, data.tokenKeys().secret().getSecretArn()),
                List.of(onnxRuntime), sizes.logRetentionDays(), retainLogs, predictionVpc)
                .withHandler(ShadowSelfInvocation.HANDLER)
                .withPackaging(sizes.prediction().packaging()));
        new ShadowSelfInvocation(this, "PredictionShadows", prediction, predictionName);
        this.admin = new ModelFunction(this, "Admin", new ModelFunction.Props(adminName,
                "modelfn admin API (registry writes, uploads, rollouts); IAM-authorised",
                settings.artifacts().apiFunctionZip(), sizes.admin().memoryMb(), sizes.admin().timeoutSeconds(),
                ServingEnvironment.admin(settings, tables, bucket), List.of(onnxRuntime), sizes.logRetentionDays(),
                retainLogs).withPackaging(sizes.admin().packaging()));
        this.alarmTopic = new AlarmTopic(this, "AlarmTopic", new AlarmTopic.Props(prefix + "-alarms",
                settings.notifications().emailAddress()));
        String rolloutName = prefix + "-rollout";
        // Spelled out, not the alias's attribute: the function's own environment cannot refer to its alias.
        String rolloutAliasArn = Stack.of(this).formatArn(ArnComponents.builder().service("lambda").resource("function")
                .resourceName(rolloutName + ":" + ModelFunction.ALIAS).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        this.rollout = new ModelFunction(this, "Rollout", new ModelFunction.Props(rolloutName,
                "modelfn rollouts: alarm-driven rollback, scheduled steps",
                settings.artifacts().rolloutFunctionZip(), sizes.rollout().memoryMb(), sizes.rollout().timeoutSeconds(),
                ServingEnvironment.rollout(settings, table, bucket, List.of(predictionName, adminName),
                        FeatureDriftAlarm.PERIOD, rolloutAliasArn, alarmTopic.topic().getTopicArn()),
                List.of(),
                sizes.logRetentionDays(), retainLogs));

        registry.grantRegistryRead(prediction.role());
        feedback.grantRecord(prediction.role());
        data.tokenKeys().grantRead(prediction.role());
        feedback.grantRead(admin.role());
        models.grantModelRead(prediction.role());
        gpu.flatMap(GpuStack::sageMaker).ifPresent(endpoint -> endpoint.grantInvoke(prediction.role()));
        gpu.flatMap(GpuStack::ecs).ifPresent(service -> service.admitHttpFrom(prediction.function()));
        registry.grantRegistryReadWrite(admin.role());
        models.grantModelReadWrite(admin.role());
        registry.grantRegistryReadWrite(rollout.role());
        // The registry's last-known-good copy: written after every change, read by an environment that
        // starts while the table cannot be read.
        models.grantRegistrySnapshotRead(prediction.role());
        models.grantRegistrySnapshotWrite(admin.role());
        models.grantRegistrySnapshotWrite(rollout.role());
        new RolloutPermissions(this, "RolloutPermissions", new RolloutPermissions.Props(rollout.function(), rollout.alias(),
                settings.endpointAlarmPrefix(), List.of(prediction.function(), admin.function()), ModelFunction.ALIAS,
                alarmTopic.topic(), alarmTopic.key()));

        this.api = new PredictionApi(this, "Api", new PredictionApi.Props(prefix, prediction.alias(), admin.alias(),
                settings.api().jwtAuthorizer(), settings.api().throttleRateLimit(), settings.api().throttleBurstLimit(),
                LogRetention.of(sizes.logRetentionDays()), retainLogs));

        IAlarmAction rollback = new LambdaAction(rollout.alias());
        Map<String, ModelFunction> deployed = Map.of("predict", prediction, "admin", admin, "rollout", rollout);
        for (String name : List.of("predict", "admin", "rollout")) {
            ModelFunction function = deployed.get(name);
            // The rollout function resets the other aliases; a broken rollout function is left to CodeDeploy.
            Optional<IAlarmAction> action = function == rollout ? Optional.empty() : Optional.of(rollback);
            canaries.add(new CodeDeployCanary(this, capitalised(name) + "CodeDeploy", new CodeDeployCanary.Props(function,
                    settings.functionAlarmPrefix() + name + "-", settings.codeDeploy().deploymentConfig(),
                    settings.codeDeploy().errorsThreshold(), settings.codeDeploy().p99DurationMs(), action,
                    // Only prediction requests are metered (Requests, ServerErrors): the admin and rollout
                    // functions emit none, so a 5xx alarm on them would only ever see missing data.
                    function == prediction ? Optional.of(settings.codeDeploy().maxServerErrorRate()) : Optional.empty())));
        }
        for (ModelfnSettings.Endpoint endpoint : settings.endpoints()) {
            rolloutAlarms.add(new RolloutAlarms(this, "RolloutAlarms-" + endpoint.name(),
                    new RolloutAlarms.Props(endpoint, settings.endpointAlarmPrefix(), rollback, Optional.of(alarmTopic.action()))));
        }
        this.schedule = new RolloutSchedule(this, "RolloutSchedule",
                new RolloutSchedule.Props(prefix + "-rollout-step", rollout.alias(), Duration.minutes(1)));
        this.driftAlarm = new FeatureDriftAlarm(this, "FeatureDrift", new FeatureDriftAlarm.Props(
                prefix + "-models-feature-drift", settings.serving().maxFeatureDriftPsi()));
        // People are told of every alarm, whatever else it does.
        canaries.forEach(canary -> canary.alarms().forEach(alarm -> alarm.addAlarmAction(alarmTopic.action())));
        driftAlarm.alarm().addAlarmAction(alarmTopic.action());
        this.dashboard = new ServingDashboard(this, "Dashboard", new ServingDashboard.Props(prefix, settings.endpoints(),
                driftAlarm.alarm(),
                List.of(prediction.alias(), admin.alias(), rollout.alias())));

        CfnOutput.Builder.create(this, "ApiUrl").value(api.url())
                .description("Prediction API (OIP v2 under /v2, POST /predict, POST /feedback, GET /ping, POST /invocations)").build();
        CfnOutput.Builder.create(this, "AdminUrl").value(api.url() + "/admin/")
                .description("Admin API (IAM, SigV4 with service execute-api)").build();
        CfnOutput.Builder.create(this, "PredictionFunctionName").value(prediction.functionName()).build();
        CfnOutput.Builder.create(this, "AdminFunctionName").value(admin.functionName()).build();
        CfnOutput.Builder.create(this, "RolloutFunctionName").value(rollout.functionName()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(dashboard.dashboard().getDashboardName()).build();
        CfnOutput.Builder.create(this, "EndpointAlarmPrefix").value(settings.endpointAlarmPrefix())
                .description("Rollout alarms are named <prefix><endpoint>-canary-...").build();
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public ModelFunction prediction() {
        return prediction;
    }

    public ModelFunction admin() {
        return admin;
    }

    public ModelFunction rollout() {
        return rollout;
    }

    public PredictionApi api() {
        return api;
    }

    public List<CodeDeployCanary> canaries() {
        return List.copyOf(canaries);
    }

    public AlarmTopic alarmTopic() {
        return alarmTopic;
    }

    public List<RolloutAlarms> rolloutAlarms() {
        return List.copyOf(rolloutAlarms);
    }

    public RolloutSchedule schedule() {
        return schedule;
    }

    public FeatureDriftAlarm driftAlarm() {
        return driftAlarm;
    }

    public ServingDashboard dashboard() {
        return dashboard;
    }
}
