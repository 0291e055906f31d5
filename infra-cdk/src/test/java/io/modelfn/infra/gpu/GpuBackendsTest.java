package io.modelfn.infra.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
                        "Image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/modelfn-api:gpu",
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
    }

    @Test
    void loadBalancer_should_acceptHttpFromTheVpcOnly_when_enabled() {
        SynthesizedStage gpu = SynthesizedStage.gpu();
        JsonNode json = gpu.json(gpu.stage().gpu().orElseThrow());

        List<String> cidrs = TemplateJson.resources(json, "AWS::EC2::SecurityGroup").values().stream()
                .flatMap(sg -> TemplateJson.list(sg.path("Properties").path("SecurityGroupIngress")).stream())
                .map(rule -> rule.path("CidrIp").asText(""))
                .filter(c -> !c.isEmpty()).toList();
        assertThat(cidrs).containsExactly(GpuNetwork.CIDR);
    }

    @Test
    void settings_should_refuseTheGpuBackends_when_requirementsAreMissing() {
        // ECS needs a region (load balancer log delivery is regional)
        assertThatThrownBy(() -> TestSettings.stage("prod", json ->
                ((ObjectNode) json.path("gpu").path("ecs")).put("enabled", true)))
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
