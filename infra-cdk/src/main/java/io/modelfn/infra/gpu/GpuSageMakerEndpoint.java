package io.modelfn.infra.gpu;

import io.modelfn.infra.nag.NagReasons;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.constructs.Construct;

/**
 * The api container (SageMaker contract: {@code GET /ping}, {@code POST /invocations}, port 8080)
 * as a SageMaker real-time endpoint on GPU instances (default {@code ml.g5.xlarge}), in the GPU
 * VPC's private subnets, scaled by Application Auto Scaling on invocations per instance. The
 * registry routes an endpoint here with backend {@code sagemaker:<endpoint name>}.
 */
public final class GpuSageMakerEndpoint extends Construct {

    /** The single production variant's name. */
    public static final String VARIANT_NAME = "gpu";

    /** What may vary. */
    public record Props(String endpointName, ContainerImageUri image, String instanceType, int minInstances,
            int maxInstances, int invocationsPerInstanceTarget, Map<String, String> environment, IVpc vpc,
            SubnetSelection subnets, RetentionDays logRetention, boolean retainLogs) {
    }

    private final Role role;
    private final CfnEndpoint endpoint;
    private final CfnModel model;
    private final CfnEndpointConfig endpointConfig;
    private final CfnScalableTarget scalableTarget;
    private final String endpointName;

    public GpuSageMakerEndpoint(Construct scope, String id, Props props) {
        super(scope, id);
        this.endpointName = props.endpointName();
        ContainerImageUri.Ecr ecr = props.image().requireEcr("SageMaker");
        Stack stack = Stack.of(this);

        this.role = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Runs the modelfn api container on SageMaker endpoint " + endpointName)
                .build();
        IRepository repository = Repository.fromRepositoryAttributes(this, "Repository", RepositoryAttributes.builder()
                .repositoryName(ecr.repository())
                .repositoryArn("arn:" + Aws.PARTITION + ":ecr:" + ecr.region() + ":" + ecr.account() + ":repository/"
                        + ecr.repository())
                .build());
        repository.grantPull(role);

        // SageMaker writes container logs to /aws/sagemaker/Endpoints/<name>; created here, with a retention.
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/sagemaker/Endpoints/" + endpointName)
                .retention(props.logRetention())
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteEndpointLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());

        ISecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("SageMaker endpoint " + endpointName + ": outbound only (S3, DynamoDB, ECR)")
                .allowAllOutbound(true)
                .build();
        List<String> subnetIds = props.vpc().selectSubnets(props.subnets()).getSubnetIds();
        String vpcArn = stack.formatArn(ArnComponents.builder().service("ec2").resource("vpc")
                .resourceName(props.vpc().getVpcId()).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        // SageMaker attaches network interfaces in our subnets for the endpoint's instances.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ManageEndpointNetworkInterfacesInOurVpc")
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission",
                        "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"))
                .resources(List.of(
                        ec2Arn(stack, "network-interface", "*"),
                        ec2Arn(stack, "subnet", "*"),
                        ec2Arn(stack, "security-group", "*")))
                .conditions(Map.of("ArnEquals", Map.of("ec2:Vpc", vpcArn)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DescribeNetwork")
                .actions(List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions",
                        "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"))
                .resources(List.of("*"))
                .build());

        this.model = CfnModel.Builder.create(this, "InferenceModel")
                .executionRoleArn(role.getRoleArn())
                .primaryContainer(CfnModel.ContainerDefinitionProperty.builder()
                        .image(props.image().uri())
                        .mode("SingleModel")
                        .environment(new LinkedHashMap<>(props.environment()))
                        .build())
                .vpcConfig(CfnModel.VpcConfigProperty.builder()
                        .subnets(subnetIds)
                        .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                        .build())
                .enableNetworkIsolation(false)
                .build();
        // The role's policy must exist before SageMaker validates the model (ECR pull, ENIs).
        model.getNode().addDependency(role);

        this.endpointConfig = CfnEndpointConfig.Builder.create(this, "EndpointConfig")
                .productionVariants(List.of(CfnEndpointConfig.ProductionVariantProperty.builder()
                        .variantName(VARIANT_NAME)
                        .modelName(model.getAttrModelName())
                        .instanceType(props.instanceType())
                        .initialInstanceCount(props.minInstances())
                        .initialVariantWeight(1)
                        .build()))
                .build();
        this.endpoint = CfnEndpoint.Builder.create(this, "InferenceEndpoint")
                .endpointName(endpointName)
                .endpointConfigName(endpointConfig.getAttrEndpointConfigName())
                .build();

        // No RoleARN: Application Auto Scaling uses (and creates) its SageMaker service-linked role.
        this.scalableTarget = CfnScalableTarget.Builder.create(this, "ScalableTarget")
                .serviceNamespace("sagemaker")
                .resourceId("endpoint/" + endpointName + "/variant/" + VARIANT_NAME)
                .scalableDimension("sagemaker:variant:DesiredInstanceCount")
                .minCapacity(props.minInstances())
                .maxCapacity(props.maxInstances())
                .build();
        scalableTarget.addResourceDependency(endpoint);
        CfnScalingPolicy.Builder.create(this, "InvocationsScaling")
                .policyName(endpointName + "-invocations")
                .policyType("TargetTrackingScaling")
                .scalingTargetId(scalableTarget.getRef())
                .targetTrackingScalingPolicyConfiguration(
                        CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                                .predefinedMetricSpecification(CfnScalingPolicy.PredefinedMetricSpecificationProperty.builder()
                                        .predefinedMetricType("SageMakerVariantInvocationsPerInstance")
                                        .build())
                                .targetValue(props.invocationsPerInstanceTarget())
                                .scaleInCooldown(300)
                                .scaleOutCooldown(60)
                                .build())
                .build();

        List<Object> wildcardFindings = new ArrayList<>(List.of("Resource::*",
                NagReasons.attributeFinding(logs, "Arn")));
        for (String type : List.of("network-interface", "subnet", "security-group")) {
            wildcardFindings.add(NagReasons.accountArnFinding("ec2", type + "/*"));
        }
        NagReasons.suppress(role, "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken and the ec2:Describe* calls SageMaker makes to place the endpoint in our VPC "
                        + "offer no resource-level permission (Resource '*'); network-interface management is limited to "
                        + "our VPC by an ec2:Vpc condition; logs go only to this endpoint's log group.",
                wildcardFindings);
        NagReasons.suppress(endpointConfig, "AwsSolutions-SM2",
                "GPU instance types such as ml.g5 have NVMe instance storage, which is encrypted by the instance's "
                        + "hardware; SageMaker rejects a KmsKeyId for instance types with local storage.");
        NagReasons.suppress(model, "AwsSolutions-SM3",
                "The container reads its models from S3 and the registry from DynamoDB at run time (through the VPC's "
                        + "gateway endpoints); network isolation would cut it off from both.");
    }

    private static String ec2Arn(Stack stack, String type, String name) {
        return stack.formatArn(ArnComponents.builder().service("ec2").resource(type).resourceName(name)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    public IRole executionRole() {
        return role;
    }

    public CfnEndpoint endpoint() {
        return endpoint;
    }

    public CfnModel model() {
        return model;
    }

    public CfnEndpointConfig endpointConfig() {
        return endpointConfig;
    }

    public CfnScalableTarget scalableTarget() {
        return scalableTarget;
    }

    /** The endpoint's name, for {@code InvokeEndpoint} and the registry backend {@code sagemaker:<name>}. */
    public String endpointName() {
        return endpointName;
    }

    /** What the registry's {@code backend} field says to send an endpoint's requests here. */
    public String backend() {
        return "sagemaker:" + endpointName;
    }

    /**
     * {@code arn:<partition>:sagemaker:<region>:<account>:endpoint/<name>}; SageMaker lower-cases
     * endpoint names in ARNs, so a policy naming a mixed-case name would never match.
     */
    public String endpointArn() {
        return Stack.of(this).formatArn(ArnComponents.builder().service("sagemaker").resource("endpoint")
                .resourceName(endpointName.toLowerCase(Locale.ROOT)).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    /** Lets {@code caller} (the prediction function's role) call {@code InvokeEndpoint} on this endpoint and no other. */
    public Grant grantInvoke(IGrantable caller) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(caller)
                .actions(List.of("sagemaker:InvokeEndpoint"))
                .resourceArns(List.of(endpointArn()))
                .build());
    }
}
