package io.modelfn.infra.serving;

import io.modelfn.infra.config.LogRetention;
import io.modelfn.infra.nag.NagReasons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.Version;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Quarkus function from a built {@code function.zip}: Java 21 on x86_64 (ONNX Runtime crashes
 * on arm64 Lambda), SnapStart on published versions, active tracing, its own log group with a
 * retention, a role that may write only to that log group until grants say more, and the alias
 * {@value #ALIAS} on the current version: callers, alarms and CodeDeploy all go through the alias.
 *
 * <p>Every function gets {@link #TELEMETRY_OPT_OUTS} in its environment: DJL phones home unless
 * {@code OPT_OUT_TRACKING=true}; ONNX Runtime writes telemetry unless {@code ORT_DISABLE_TELEMETRY=1}.
 */
public final class ModelFunction extends Construct {

    /** The alias every caller uses. */
    public static final String ALIAS = "live";
    /** Quarkus's Lambda entry point (quarkus-amazon-lambda and -http). */
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** Set on every function, whatever the caller passes. */
    public static final Map<String, String> TELEMETRY_OPT_OUTS = Map.of(
            "OPT_OUT_TRACKING", "true",
            "ORT_DISABLE_TELEMETRY", "1");

    /** What may vary. {@code environment} is the function's own configuration (MODELFN_*). */
    public record Props(String functionName, String description, Path zip, int memoryMb, int timeoutSeconds,
            Map<String, String> environment, List<ILayerVersion> layers, int logRetentionDays, boolean retainLogs) {
    }

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final LogGroup logGroup;

    public ModelFunction(Construct scope, String id, Props props) {
        super(scope, id);
        if (!Files.isRegularFile(props.zip())) {
            throw new IllegalArgumentException("function zip " + props.zip() + " does not exist: build it first "
                    + "(./mvnw -pl functions/api-lambda,functions/rollout,layers/onnxruntime -am package -DskipTests)");
        }
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + props.functionName())
                .retention(LogRetention.of(props.logRetentionDays()))
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        // Our own role: no AWS-managed policy (AWSLambdaBasicExecutionRole may create any log group
        // and write to all of them); logs go to this function's group only.
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs " + props.functionName())
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());

        Map<String, String> environment = new TreeMap<>(props.environment());
        environment.putAll(TELEMETRY_OPT_OUTS);

        this.function = Function.Builder.create(this, "Function")
                .functionName(props.functionName())
                .description(props.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(QUARKUS_HANDLER)
                .code(Code.fromAsset(props.zip().toString()))
                .memorySize(props.memoryMb())
                .timeout(Duration.seconds(props.timeoutSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .environment(new LinkedHashMap<>(environment))
                .layers(props.layers())
                .role(role)
                .logGroup(logGroup)
                .build();
        // currentVersion publishes a version whenever code or configuration changes; SnapStart snapshots it.
        Version version = function.getCurrentVersion();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias always points at a published version (currentVersion)");
        this.alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS)
                .version(version)
                .build();

        NagReasons.suppress(role, "AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments and PutTelemetryRecords (active tracing) offer no resource-level permission, so "
                        + "they need Resource '*'; the log statement names this function's own log group (its streams are "
                        + "created by Lambda at run time, hence log-group:<name>:*).",
                List.of("Resource::*", NagReasons.attributeFinding(logGroup, "Arn")));
        NagReasons.suppress(function, "AwsSolutions-L1",
                "The functions are compiled for Java 21 (maven.compiler.release=21) and tested on it; Java 21 is a "
                        + "supported Lambda runtime with SnapStart. Moving to a newer runtime is a deliberate upgrade.");
    }

    public Function function() {
        return function;
    }

    /** The {@value #ALIAS} alias on the current version. */
    public Alias alias() {
        return alias;
    }

    public IRole role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public String functionName() {
        return function.getFunctionName();
    }

    /** Adds a statement to this function's role. */
    public void addToRolePolicy(PolicyStatement statement) {
        role.addToPolicy(statement);
    }
}
