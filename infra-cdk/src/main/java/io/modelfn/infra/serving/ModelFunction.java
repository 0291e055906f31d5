package io.modelfn.infra.serving;

import io.modelfn.infra.config.LogRetention;
import io.modelfn.infra.config.ModelfnSettings.Packaging;
import io.modelfn.infra.nag.NagReasons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EcrImageCodeProps;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Handler;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.Version;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Quarkus function from a built {@code function.zip}: Java 25 on x86_64 (ONNX Runtime crashes
 * on arm64 Lambda), SnapStart on published versions, active tracing, its own log group with a
 * retention, a role that may write only to that log group until grants say more, and the alias
 * {@value #ALIAS} on the current version: callers, alarms and CodeDeploy all go through the alias.
 *
 * <p>Packaged as an image instead ({@link Packaging}), the function runs the container image of
 * {@code images/lambda-image} from an ECR repository of the account: no runtime, layers or SnapStart; the
 * handler is the image's command. The role is the same: Lambda pulls the image with the deployer's ECR
 * permissions when the function is created or updated, not with the function's role.
 *
 * <p>Every function gets {@link #TELEMETRY_OPT_OUTS} in its environment: DJL phones home unless
 * {@code OPT_OUT_TRACKING=true}; ONNX Runtime writes telemetry unless {@code ORT_DISABLE_TELEMETRY=1}. It also
 * gets {@link #JVM_OPTIONS} in {@code JAVA_TOOL_OPTIONS}, before any the caller passes.
 *
 * <p>Given a {@link VpcPlacement}, the function runs in those subnets with a security group of its
 * own that lets it out on HTTPS only (AWS APIs: DynamoDB and S3 through gateway endpoints, the rest
 * through NAT); further egress is granted through {@link #connections()}. Its role then gets the
 * network-interface permissions Lambda needs, as an inline policy: CDK would only add the
 * account-wide {@code AWSLambdaVPCAccessExecutionRole} to a role it created itself, and this
 * project attaches no AWS-managed policy anywhere.
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

    /**
     * The JVM options every function starts with ({@code JAVA_TOOL_OPTIONS}, which the JVM reads whatever its launch
     * line). Options the caller passes come after these and win.
     * <ul>
     *   <li>{@code -XX:MetaspaceSize=128m}: the first class-metadata threshold above what an init loads, so init does
     *       not stop for a full collection at the JVM's default of 21 MB (52 to 61 ms on one core in the harness). A
     *       threshold, not a reservation: nothing is allocated for it.</li>
     *   <li>{@code -XX:TieredStopAtLevel=1}: the JIT the Java 25 runtime uses on an on-demand init (C1 only), also for
     *       SnapStart's versions, where the runtime leaves the JVM's full tiering. Measured in the harness (one core,
     *       iris, the versions' one-request priming): over a fresh environment's first 8,000 invocations full tiering
     *       is no faster at p50 (1.51 against 1.51 ms) and costs 1.24 to 1.40&times; the CPU, its compilations
     *       running inside invocations; it comes out ahead (0.90&times; at p50) only after about 6,000. So every
     *       environment runs the JIT its figures were measured with (docs/PERFORMANCE.md, "Full tiering under
     *       SnapStart").</li>
     * </ul>
     */
    public static final String JVM_OPTIONS = "-XX:MetaspaceSize=128m -XX:TieredStopAtLevel=1";

    /**
     * The network-interface actions Lambda performs with the function's role to place it in a VPC
     * (the Lambda developer guide's list, and what {@code AWSLambdaVPCAccessExecutionRole} holds
     * besides logs).
     */
    public static final List<String> VPC_ACCESS_ACTIONS = List.of(
            "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");

    /**
     * What may vary. {@code environment} is the function's own configuration (MODELFN_*);
     * {@code vpc}, when present, puts the function into a VPC; {@code handler} is the entry point
     * ({@link #QUARKUS_HANDLER} unless the package has its own, as the prediction function does);
     * {@code packaging} says whether {@code zip} (with {@code layers}) or a container image is deployed.
     */
    public record Props(String functionName, String description, Path zip, int memoryMb, int timeoutSeconds,
            Map<String, String> environment, List<ILayerVersion> layers, int logRetentionDays, boolean retainLogs,
            Optional<VpcPlacement> vpc, String handler, Packaging packaging) {

        public Props {
            packaging = packaging == null ? Packaging.zip() : packaging;
        }

        /** A function with Quarkus's handler. */
        public Props(String functionName, String description, Path zip, int memoryMb, int timeoutSeconds,
                Map<String, String> environment, List<ILayerVersion> layers, int logRetentionDays, boolean retainLogs,
                Optional<VpcPlacement> vpc) {
            this(functionName, description, zip, memoryMb, timeoutSeconds, environment, layers, logRetentionDays,
                    retainLogs, vpc, QUARKUS_HANDLER, Packaging.zip());
        }

        /** A function outside any VPC, with Quarkus's handler. */
        public Props(String functionName, String description, Path zip, int memoryMb, int timeoutSeconds,
                Map<String, String> environment, List<ILayerVersion> layers, int logRetentionDays, boolean retainLogs) {
            this(functionName, description, zip, memoryMb, timeoutSeconds, environment, layers, logRetentionDays,
                    retainLogs, Optional.empty());
        }

        /** The same function with another entry point. */
        public Props withHandler(String entryPoint) {
            return new Props(functionName, description, zip, memoryMb, timeoutSeconds, environment, layers,
                    logRetentionDays, retainLogs, vpc, entryPoint, packaging);
        }

        /** The same function, packaged as {@code how} says. */
        public Props withPackaging(Packaging how) {
            return new Props(functionName, description, zip, memoryMb, timeoutSeconds, environment, layers,
                    logRetentionDays, retainLogs, vpc, handler, how);
        }
    }

    /** The VPC and subnets (private, with a NAT route) a function runs in. */
    public record VpcPlacement(IVpc vpc, SubnetSelection subnets) {
    }

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final LogGroup logGroup;
    private final SecurityGroup securityGroup;

    public ModelFunction(Construct scope, String id, Props props) {
        super(scope, id);
        if (!props.packaging().isImage() && !Files.isRegularFile(props.zip())) {
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
        environment.merge("JAVA_TOOL_OPTIONS", JVM_OPTIONS, (theirs, ours) -> ours + " " + theirs);

        this.securityGroup = props.vpc().map(placement -> httpsOnlySecurityGroup(props.functionName(), placement.vpc()))
                .orElse(null);
        Function.Builder builder = Function.Builder.create(this, "Function")
                .functionName(props.functionName())
                .description(props.description())
                .architecture(Architecture.X86_64)
                .memorySize(props.memoryMb())
                .timeout(Duration.seconds(props.timeoutSeconds()))
                .tracing(Tracing.ACTIVE)
                .environment(new LinkedHashMap<>(environment))
                .role(role)
                .logGroup(logGroup);
        if (props.packaging().isImage()) {
            // The image holds its JDK, the runtime interface client and the ONNX Runtime natives (no layers);
            // its command is the handler. SnapStart does not apply to images: its AOT cache shortens init instead.
            builder.runtime(Runtime.FROM_IMAGE)
                    .handler(Handler.FROM_IMAGE)
                    .code(Code.fromEcrImage(Repository.fromRepositoryName(this, "ImageRepository", props.packaging().repository()),
                            EcrImageCodeProps.builder()
                                    .tagOrDigest(props.packaging().tagOrDigest())
                                    .cmd(List.of(props.handler()))
                                    .build()));
        } else {
            builder.runtime(Runtime.JAVA_25)
                    .handler(props.handler())
                    .code(Code.fromAsset(props.zip().toString()))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .layers(props.layers());
        }
        props.vpc().ifPresent(placement -> builder
                .vpc(placement.vpc())
                .vpcSubnets(placement.subnets())
                .securityGroups(List.of(securityGroup)));
        this.function = builder.build();
        props.vpc().ifPresent(placement -> grantVpcAccess());
        // currentVersion publishes a version whenever code or configuration changes; SnapStart snapshots it.
        Version version = function.getCurrentVersion();
        if (!props.packaging().isImage()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "the live alias always points at a published version (currentVersion)");
        }
        this.alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS)
                .version(version)
                .build();

        NagReasons.suppress(role, "AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments and PutTelemetryRecords (active tracing) offer no resource-level permission, so "
                        + "they need Resource '*'; the log statement names this function's own log group (its streams are "
                        + "created by Lambda at run time, hence log-group:<name>:*).",
                List.of("Resource::*", NagReasons.attributeFinding(logGroup, "Arn")));
    }

    /** The function's own group: nothing in, HTTPS out (AWS APIs); backends add their egress through connections(). */
    private SecurityGroup httpsOnlySecurityGroup(String functionName, IVpc vpc) {
        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description(functionName + ": no inbound; HTTPS out to AWS APIs, other egress per backend")
                .allowAllOutbound(false)
                .build();
        group.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to AWS APIs: DynamoDB and S3 through the gateway endpoints, the others through NAT");
        return group;
    }

    /**
     * The network-interface permissions, in a policy of their own (so its cdk-nag reason is its own),
     * in place before the function: Lambda checks them when the function gets its VPC configuration.
     */
    private void grantVpcAccess() {
        Policy vpcAccess = Policy.Builder.create(this, "VpcAccessPolicy")
                .roles(List.of(role))
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("LambdaNetworkInterfacesInTheVpc")
                        .actions(VPC_ACCESS_ACTIONS)
                        .resources(List.of("*"))
                        .build()))
                .build();
        function.getNode().addDependency(vpcAccess);
        NagReasons.suppress(vpcAccess, "AwsSolutions-IAM5",
                "Lambda creates, describes and deletes the function's network interfaces (and assigns their private "
                        + "addresses) with this role, for VPC access; IAM has no narrower resource for these: the interfaces "
                        + "are created by Lambda at run time, so no id is known when the policy is written; "
                        + "ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets have no resource-level permission; Lambda's "
                        + "guide asks for all resources (the scope of AWSLambdaVPCAccessExecutionRole, which we do not attach).",
                List.of("Resource::*"));
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

    /** The function's security group rules (egress beyond HTTPS is granted here); empty outside a VPC. */
    public Optional<Connections> connections() {
        return Optional.ofNullable(securityGroup).map(sg -> function.getConnections());
    }

    /** Adds a statement to this function's role. */
    public void addToRolePolicy(PolicyStatement statement) {
        role.addToPolicy(statement);
    }
}
