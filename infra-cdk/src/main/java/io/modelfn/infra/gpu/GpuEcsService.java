package io.modelfn.infra.gpu;

import io.modelfn.infra.nag.NagReasons;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.BlockDevice;
import software.amazon.awscdk.services.autoscaling.BlockDeviceVolume;
import software.amazon.awscdk.services.autoscaling.EbsDeviceOptions;
import software.amazon.awscdk.services.autoscaling.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecs.AmiHardwareType;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MachineImageType;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The api container on GPU EC2 instances with ECS: a cluster (Container Insights on), an Auto
 * Scaling group from a launch template with the ECS GPU-optimised AMI (IMDSv2 only, encrypted
 * root volume) in private subnets, a capacity provider that scales it, an EC2 task definition
 * asking for {@code gpuCount} GPUs, and a service behind an <em>internal</em> Application Load
 * Balancer (listener port 80, container port 8080, health check {@code GET /ping}). The registry
 * routes an endpoint here with backend {@code http:<load balancer URL>}.
 */
public final class GpuEcsService extends Construct {

    /** The api container's port (the SageMaker container contract). */
    public static final int CONTAINER_PORT = 8080;
    /** The internal load balancer's listener port. */
    public static final int LISTENER_PORT = 80;
    public static final String HEALTH_CHECK_PATH = "/ping";

    /** What may vary. */
    public record Props(String name, ContainerImageUri image, String instanceType, int gpuCount, int cpu, int memoryMiB,
            int minTasks, int maxTasks, Map<String, String> environment, IVpc vpc, SubnetSelection subnets,
            RetentionDays logRetention, boolean retainLogs) {
    }

    private final Cluster cluster;
    private final AutoScalingGroup instances;
    private final Ec2TaskDefinition taskDefinition;
    private final Ec2Service service;
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;

    public GpuEcsService(Construct scope, String id, Props props) {
        super(scope, id);
        this.cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(props.name())
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        SecurityGroup instanceSecurityGroup = SecurityGroup.Builder.create(this, "InstanceSecurityGroup")
                .vpc(props.vpc())
                .description(props.name() + " GPU instances: no inbound, outbound for ECS, ECR, S3, DynamoDB")
                .allowAllOutbound(true)
                .build();
        // The ECS agent's permissions, written out: CDK's defaults for a capacity provider also grant
        // logs:CreateLogStream/PutLogEvents on every log group, which the agent does not need here
        // (containers log through the task execution role). Immutable, so CDK adds nothing to it.
        Role instanceRole = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(props.name() + " GPU container instances (ECS agent)")
                .inlinePolicies(Map.of("ecs-agent", PolicyDocument.Builder.create().statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("RegisterWithThisCluster")
                                .actions(List.of("ecs:DeregisterContainerInstance", "ecs:RegisterContainerInstance",
                                        "ecs:Submit*"))
                                .resources(List.of(cluster.getClusterArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("PollThisCluster")
                                .actions(List.of("ecs:Poll", "ecs:StartTelemetrySession"))
                                .resources(List.of("*"))
                                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster.getClusterArn())))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("NoResourceLevelPermission")
                                .actions(List.of("ecs:DiscoverPollEndpoint", "ecr:GetAuthorizationToken"))
                                .resources(List.of("*"))
                                .build()))
                        .build()))
                .build();
        // One task per GPU instance at most (a task asks for the instance's GPUs); one spare for rolling deployments.
        this.instances = AutoScalingGroup.Builder.create(this, "Instances")
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .instanceType(new InstanceType(props.instanceType()))
                .machineImage(EcsOptimizedImage.amazonLinux2(AmiHardwareType.GPU))
                .securityGroup(instanceSecurityGroup)
                .role(instanceRole.withoutPolicyUpdates())
                .requireImdsv2(true)
                .minCapacity(props.minTasks())
                .maxCapacity(props.maxTasks() + 1)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(100, EbsDeviceOptions.builder()
                                .encrypted(true)
                                .volumeType(EbsDeviceVolumeType.GP3)
                                .deleteOnTermination(true)
                                .build()))
                        .build()))
                .build();
        AsgCapacityProvider capacity = AsgCapacityProvider.Builder.create(this, "Capacity")
                .autoScalingGroup(instances)
                .machineImageType(MachineImageType.AMAZON_LINUX_2)
                .enableManagedTerminationProtection(false)
                // ECS drains an instance's tasks before the group terminates it (no drain-hook Lambda needed).
                .enableManagedDraining(true)
                .build();
        cluster.addAsgCapacityProvider(capacity);

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        this.taskDefinition = Ec2TaskDefinition.Builder.create(this, "Task")
                .networkMode(NetworkMode.AWS_VPC)
                .build();
        ContainerDefinition container = taskDefinition.addContainer("api", ContainerDefinitionOptions.builder()
                .image(containerImage(props.image()))
                .cpu(props.cpu())
                .memoryLimitMiB(props.memoryMiB())
                .gpuCount(props.gpuCount())
                .environment(new LinkedHashMap<>(props.environment()))
                .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("api").build()))
                .build());

        this.service = Ec2Service.Builder.create(this, "Service")
                .serviceName(props.name())
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .desiredCount(props.minTasks())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .vpcSubnets(props.subnets())
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacity.getCapacityProviderName())
                        .weight(1)
                        .build()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                // Models load on first use: give a fresh task time before the load balancer judges it.
                .healthCheckGracePeriod(Duration.minutes(5))
                .build();

        // No inbound rule here: callers are admitted one by one (admitHttpFrom), by security group.
        SecurityGroup loadBalancerSecurityGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(props.vpc())
                .description(props.name() + " internal load balancer: HTTP from admitted callers only")
                .allowAllOutbound(false)
                .build();
        this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .internetFacing(false)
                .securityGroup(loadBalancerSecurityGroup)
                .dropInvalidHeaderFields(true)
                .build();
        // Load balancer access logs need SSE-S3 and a bucket policy for the regional ELB log delivery.
        Bucket accessLogs = Bucket.Builder.create(this, "LoadBalancerLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs").expiration(Duration.days(90)).build()))
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        loadBalancer.logAccessLogs(accessLogs, "alb");
        NagReasons.suppress(accessLogs, "AwsSolutions-S1",
                "This bucket receives the load balancer's access logs; logging access to the log bucket itself would only "
                        + "log the log delivery.");
        ApplicationListener listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .port(LISTENER_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .open(false)
                .build());
        this.targetGroup = listener.addTargets("Api", AddApplicationTargetsProps.builder()
                .port(CONTAINER_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service.loadBalancerTarget(software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions.builder()
                        .containerName(container.getContainerName())
                        .containerPort(CONTAINER_PORT)
                        .build())))
                .healthCheck(HealthCheck.builder()
                        .path(HEALTH_CHECK_PATH)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(15))
                        .build())
                .deregistrationDelay(Duration.seconds(30))
                .build());

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(props.minTasks())
                .maxCapacity(props.maxTasks())
                .build());
        scaling.scaleOnRequestCount("RequestCountScaling", RequestCountScalingProps.builder()
                .requestsPerTarget(1000)
                .targetGroup(targetGroup)
                .build());

        NagReasons.suppress(instances, "AwsSolutions-AS3",
                "The group is scaled by the ECS capacity provider (managed scaling and draining); its launches and "
                        + "terminations are in the group's activity history and ECS service events, watched through Container Insights.");
        NagReasons.suppress(taskDefinition, "AwsSolutions-ECS2",
                "The environment holds configuration only (table and bucket names, prefixes, flags), no secret; "
                        + "the same values are visible in the Lambda functions' configuration.");
        NagReasons.suppress(instanceRole, "AwsSolutions-IAM5",
                "The ECS agent's calls ecs:DiscoverPollEndpoint and ecr:GetAuthorizationToken offer no resource-level "
                        + "permission; ecs:Poll and ecs:StartTelemetrySession are limited to this cluster by an ecs:cluster "
                        + "condition; ecs:Submit* is the agent's state reporting, on this cluster only.");
        NagReasons.suppress(taskDefinition, "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken (image pulls) offers no resource-level permission; the log statement names "
                        + "this service's own log group.");
    }

    private ContainerImage containerImage(ContainerImageUri image) {
        if (image.ecr().isEmpty()) {
            return ContainerImage.fromRegistry(image.uri());
        }
        ContainerImageUri.Ecr ecr = image.ecr().get();
        IRepository repository = Repository.fromRepositoryAttributes(this, "Repository", RepositoryAttributes.builder()
                .repositoryName(ecr.repository())
                .repositoryArn("arn:" + Aws.PARTITION + ":ecr:" + ecr.region() + ":" + ecr.account() + ":repository/"
                        + ecr.repository())
                .build());
        return ContainerImage.fromEcrRepository(repository, ecr.tagOrDigest());
    }

    public Cluster cluster() {
        return cluster;
    }

    public AutoScalingGroup instances() {
        return instances;
    }

    public Ec2TaskDefinition taskDefinition() {
        return taskDefinition;
    }

    /** The role the api container runs with (grant registry and model reads to it). */
    public IRole taskRole() {
        return taskDefinition.getTaskRole();
    }

    public Ec2Service service() {
        return service;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    /** {@code http://<internal load balancer DNS name>}: what the registry backend {@code http:<url>} names. */
    public String url() {
        return "http://" + loadBalancer.getLoadBalancerDnsName();
    }

    /** What the registry's {@code backend} field says to send an endpoint's requests here: {@code http:http://<dns>}. */
    public String backend() {
        return "http:" + url();
    }

    /**
     * Lets {@code caller} (in this VPC) reach the listener: egress from the caller's security group to
     * the load balancer's, and ingress to the load balancer's from the caller's, on the listener port
     * only. Both rules are written in the caller's stack, so a caller in another stack makes that stack
     * depend on this one, never the reverse.
     */
    public void admitHttpFrom(IConnectable caller) {
        caller.getConnections().allowTo(loadBalancer, Port.tcp(LISTENER_PORT), "HTTP to the internal load balancer");
    }
}
