package io.modelfn.infra.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.infra.stacks.GpuStack;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class GpuBackendsTest {

    private static final Set<String> GPU_TYPES = Set.of("AWS::SageMaker::Model", "AWS::SageMaker::EndpointConfig",
            "AWS::SageMaker::Endpoint", "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
            "AWS::ECS::CapacityProvider", "AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate",
            "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPC");

    @Test
    void stages_should_haveNoGpuResources_when_gpuBackendsAreOff() {
        for (SynthesizedStage stage : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            // THEN no GPU stack and no GPU resource anywhere
            assertThat(stage.stage().gpu()).isEmpty();
            assertThat(stage.templateFiles()).hasSize(2);
            for (var stack : stage.stacks()) {
                stage.json(stack).path("Resources").forEach(r ->
                        assertThat(GPU_TYPES).as(stack.getStackName()).doesNotContain(r.path("Type").asText()));
            }
        }
    }

    @Test
    void sageMaker_should_runTheImageOnGpuInstancesWithAutoscaling_when_enabled() {
        // GIVEN the GPU stage
        SynthesizedStage gpu = SynthesizedStage.gpu();
        Template template = gpu.template(gpu.stage().gpu().orElseThrow());

        // THEN a model on the image in the VPC, an endpoint config on ml.g5.xlarge, the endpoint
        template.hasResourceProperties("AWS::SageMaker::Model", Match.objectLike(Map.of(
                "PrimaryContainer", Match.objectLike(Map.of(
                        "Image", TestSettings.GPU_IMAGE,
                        "Environment", Match.objectLike(Map.of("MODELFN_SAGEMAKER_ENDPOINT", "wide-mlp")))),
                "VpcConfig", Match.objectLike(Map.of()))));
        template.hasResourceProperties("AWS::SageMaker::EndpointConfig", Match.objectLike(Map.of(
                "ProductionVariants", List.of(Match.objectLike(Map.of(
                        "InstanceType", "ml.g5.xlarge", "VariantName", GpuSageMakerEndpoint.VARIANT_NAME,
                        "InitialInstanceCount", 1))))));
        template.hasResourceProperties("AWS::SageMaker::Endpoint", Match.objectLike(Map.of("EndpointName", "modelfn-gpu-gpu")));
        // and Application Auto Scaling tracks invocations per instance of the variant
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
                "ServiceNamespace", "sagemaker",
                "ResourceId", "endpoint/modelfn-gpu-gpu/variant/gpu",
                "ScalableDimension", "sagemaker:variant:DesiredInstanceCount",
                "MinCapacity", 1, "MaxCapacity", 4)));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"),
                        "TargetValue", 200)))));
        template.hasOutput("SageMakerEndpointName", Match.objectLike(Map.of(
                "Value", "modelfn-gpu-gpu", "Export", Map.of("Name", "modelfn-gpu-gpu-sagemaker-endpoint"))));
        // and the registry backend, exactly as the operator writes it
        template.hasOutput("SageMakerBackend", Match.objectLike(Map.of("Value", "sagemaker:modelfn-gpu-gpu")));
    }

    @Test
    void ecs_should_runGpuTasksOnGpuInstancesBehindAnInternalLoadBalancer_when_enabled() {
        SynthesizedStage gpu = SynthesizedStage.gpu();
        Template template = gpu.template(gpu.stage().gpu().orElseThrow());
        JsonNode json = TemplateJson.of(template);

        // THEN GPU instances from a launch template on the ECS GPU AMI, IMDSv2, encrypted root volume
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
                "LaunchTemplateData", Match.objectLike(Map.of(
                        "InstanceType", "g5.xlarge",
                        "ImageId", Map.of("Ref", Match.stringLikeRegexp(".*ecsoptimizedamiamazonlinux2gpurecommended.*")),
                        "MetadataOptions", Map.of("HttpTokens", "required"),
                        "BlockDeviceMappings", List.of(Match.objectLike(Map.of(
                                "Ebs", Match.objectLike(Map.of("Encrypted", true))))))))));
        assertThat(json.path("Parameters").toString()).contains("/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id");
        template.resourceCountIs("AWS::ECS::CapacityProvider", 1);
        // and a task asking for a GPU, on port 8080
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RequiresCompatibilities", List.of("EC2"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Image", Match.objectLike(Map.of()),
                        "ResourceRequirements", List.of(Map.of("Type", "GPU", "Value", "1")),
                        "PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", GpuEcsService.CONTAINER_PORT)))))))));
        // and the service behind an internal load balancer that checks /ping
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
                "Scheme", "internal")));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "Port", GpuEcsService.CONTAINER_PORT,
                "HealthCheckPath", GpuEcsService.HEALTH_CHECK_PATH,
                "TargetType", "ip")));
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "CapacityProviderStrategy", List.of(Match.objectLike(Map.of())),
                "LoadBalancers", List.of(Match.objectLike(Map.of("ContainerPort", GpuEcsService.CONTAINER_PORT))))));
        template.hasOutput("EcsServiceUrl", Match.objectLike(Map.of(
                "Export", Map.of("Name", "modelfn-gpu-gpu-ecs-url"))));
        // and the registry backend, exactly as the operator writes it: http:http://<load balancer DNS name>
        assertThat(TemplateJson.joined(json.path("Outputs").path("EcsBackend").path("Value")))
                .matches("http:http://\\{EcsLoadBalancer[0-9A-F]{8}\\.DNSName}");
    }

    @Test
    void loadBalancer_should_acceptHttpFromThePredictionFunctionOnly_when_ecsIsOn() {
        // GIVEN the GPU stage's two stacks
        SynthesizedStage gpu = SynthesizedStage.gpu();
        JsonNode gpuStack = gpu.json(gpu.stage().gpu().orElseThrow());
        JsonNode serving = gpu.json(gpu.stage().serving());

        // THEN no security group of either admits an address range (the VPC's included)
        for (JsonNode template : List.of(gpuStack, serving)) {
            assertThat(TemplateJson.resources(template, "AWS::EC2::SecurityGroup").values()).allSatisfy(sg ->
                    assertThat(TemplateJson.list(sg.path("Properties").path("SecurityGroupIngress"))).isEmpty());
            assertThat(TemplateJson.resources(template, "AWS::EC2::SecurityGroupIngress").values())
                    .allSatisfy(rule -> assertThat(rule.path("Properties").has("CidrIp")).isFalse());
        }
        // and the load balancer's one inbound rule is port 80 from the prediction function's group (in the serving stack)
        List<JsonNode> toLoadBalancer = TemplateJson.resources(serving, "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(rule -> rule.path("Properties"))
                .filter(rule -> TemplateJson.joined(rule.path("GroupId")).contains("EcsLoadBalancerSecurityGroup")).toList();
        assertThat(toLoadBalancer).singleElement().satisfies(rule -> {
            assertThat(rule.path("FromPort").asInt()).isEqualTo(GpuEcsService.LISTENER_PORT);
            assertThat(rule.path("ToPort").asInt()).isEqualTo(GpuEcsService.LISTENER_PORT);
            assertThat(TemplateJson.joined(rule.path("SourceSecurityGroupId"))).startsWith("{PredictionSecurityGroup");
        });
        assertThat(TemplateJson.resources(gpuStack, "AWS::EC2::SecurityGroupIngress").values())
                .noneMatch(rule -> TemplateJson.joined(rule.path("Properties").path("GroupId")).contains("LoadBalancerSecurityGroup"));
    }

    @Test
    void predictionFunction_should_runInTheGpuVpcsPrivateSubnets_when_ecsIsOn() {
        // GIVEN the GPU stage's serving stack
        SynthesizedStage gpu = SynthesizedStage.gpu();
        JsonNode serving = gpu.json(gpu.stage().serving());
        Map<String, JsonNode> functions = functionsByName(serving);

        // THEN the prediction function is in the GPU VPC's two private subnets, with its own security group
        JsonNode vpcConfig = functions.get("modelfn-gpu-predict").path("VpcConfig");
        assertThat(TemplateJson.list(vpcConfig.path("SubnetIds"))).hasSize(2).allSatisfy(subnet ->
                assertThat(TemplateJson.joined(subnet)).matches("\\{import:modelfn-gpu-gpu:ExportsOutputRefNetworkVpcprivateSubnet[12].*}"));
        assertThat(TemplateJson.list(vpcConfig.path("SecurityGroupIds"))).singleElement()
                .satisfies(sg -> assertThat(TemplateJson.joined(sg)).startsWith("{PredictionSecurityGroup"));
        // and that group lets it out on HTTPS (AWS APIs, through the gateway endpoints or NAT) and to the load balancer on 80
        JsonNode group = TemplateJson.resources(serving, "AWS::EC2::SecurityGroup").entrySet().stream()
                .filter(e -> e.getKey().startsWith("PredictionSecurityGroup")).findFirst().orElseThrow().getValue();
        assertThat(TemplateJson.list(group.path("Properties").path("SecurityGroupEgress"))).singleElement().satisfies(rule -> {
            assertThat(rule.path("CidrIp").asText()).isEqualTo("0.0.0.0/0");
            assertThat(rule.path("FromPort").asInt()).isEqualTo(443);
            assertThat(rule.path("ToPort").asInt()).isEqualTo(443);
        });
        assertThat(TemplateJson.resources(serving, "AWS::EC2::SecurityGroupEgress").values()).singleElement().satisfies(rule -> {
            assertThat(rule.path("Properties").path("FromPort").asInt()).isEqualTo(GpuEcsService.LISTENER_PORT);
            assertThat(TemplateJson.joined(rule.path("Properties").path("DestinationSecurityGroupId")))
                    .contains("EcsLoadBalancerSecurityGroup");
        });
        // and it waits for its network-interface policy (Lambda checks it when the VPC configuration is set)
        assertThat(TemplateJson.resources(serving, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith("PredictionFunction")).findFirst().orElseThrow().getValue()
                .path("DependsOn").toString()).contains("PredictionVpcAccessPolicy");
        // while the admin and rollout functions stay outside any VPC
        assertThat(functions.get("modelfn-gpu-admin").has("VpcConfig")).isFalse();
        assertThat(functions.get("modelfn-gpu-rollout").has("VpcConfig")).isFalse();
    }

    @Test
    void servingStack_should_beDeployedAfterTheGpuStack_when_aGpuBackendIsOn() {
        for (SynthesizedStage stage : List.of(SynthesizedStage.gpu(), SynthesizedStage.sageMakerOnly())) {
            // GIVEN / WHEN a stage with GPU backends
            GpuStack gpuStack = stage.stage().gpu().orElseThrow();

            // THEN the serving stack depends on the GPU stack (even where no reference says so: SageMaker only)
            assertThat(stage.stage().serving().getDependencies()).as(stage.name()).contains(gpuStack);
            assertThat(gpuStack.getDependencies()).doesNotContain(stage.stage().serving());
        }
    }

    @Test
    void predictionFunction_should_stayOutOfAnyVpc_when_onlySageMakerIsOn() {
        // GIVEN the SageMaker-only stage
        SynthesizedStage stage = SynthesizedStage.sageMakerOnly();
        JsonNode serving = stage.json(stage.stage().serving());

        // THEN no function has a VPC configuration and the serving stack has no security group
        assertThat(functionsByName(serving).values()).hasSize(3).allSatisfy(f -> assertThat(f.has("VpcConfig")).isFalse());
        assertThat(TemplateJson.resources(serving, "AWS::EC2::SecurityGroup")).isEmpty();
        // and the GPU stack outputs the SageMaker backend only
        JsonNode outputs = stage.json(stage.stage().gpu().orElseThrow()).path("Outputs");
        assertThat(outputs.path("SageMakerBackend").path("Value").asText()).isEqualTo("sagemaker:modelfn-sm-gpu");
        assertThat(outputs.has("EcsBackend")).isFalse();
    }

    private static Map<String, JsonNode> functionsByName(JsonNode template) {
        Map<String, JsonNode> functions = new java.util.TreeMap<>();
        TemplateJson.resources(template, "AWS::Lambda::Function").values().forEach(f ->
                functions.put(f.path("Properties").path("FunctionName").asText(), f.path("Properties")));
        return functions;
    }

    @Test
    void settings_should_refuseTheGpuBackends_when_requirementsAreMissing() {
        // ECS needs a region (load balancer log delivery is regional), even with its image given
        assertThatThrownBy(() -> TestSettings.stage("prod", json -> {
            ((ObjectNode) json.path("gpu")).put("imageUri", TestSettings.GPU_IMAGE);
            ((ObjectNode) json.path("gpu").path("ecs")).put("enabled", true);
        }))
                .hasMessageContaining("gpu.ecs needs 'region'");
        // an enabled backend needs an image
        assertThatThrownBy(() -> TestSettings.stage("dev", json ->
                ((ObjectNode) json.path("gpu").path("sagemaker")).put("enabled", true)))
                .hasMessageContaining("gpu.imageUri is required");
    }

    @Test
    void imageUri_should_nameTheEcrRepository_when_itIsAnEcrImage() {
        ContainerImageUri ecr = ContainerImageUri.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/modelfn-api:1.2.0-gpu");
        assertThat(ecr.ecr()).hasValue(new ContainerImageUri.Ecr("123456789012", "eu-west-1", "team/modelfn-api", "1.2.0-gpu"));
        ContainerImageUri digest = ContainerImageUri.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:abc");
        assertThat(digest.ecr().orElseThrow().tagOrDigest()).isEqualTo("sha256:abc");
        ContainerImageUri dockerHub = ContainerImageUri.parse("docker.io/library/modelfn:gpu");
        assertThat(dockerHub.ecr()).isEmpty();
        assertThatThrownBy(() -> dockerHub.requireEcr("SageMaker")).hasMessageContaining("ECR only");
    }
}
