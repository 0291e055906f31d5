package io.modelfn.infra.stacks;

import io.modelfn.infra.config.LogRetention;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.gpu.ContainerImageUri;
import io.modelfn.infra.gpu.GpuEcsService;
import io.modelfn.infra.gpu.GpuNetwork;
import io.modelfn.infra.serving.ServingEnvironment;
import io.modelfn.infra.gpu.GpuSageMakerEndpoint;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The GPU alternatives of a stage, created only when one is enabled: their network, the SageMaker
 * endpoint and/or the ECS service, each with read access to the registry and the models, and
 * outputs with the exact strings the registry's {@code backend} field takes
 * ({@code sagemaker:<name>}, {@code http:http://<load balancer>}). Created before the serving stack,
 * which admits its prediction function to them.
 */
public final class GpuStack extends Stack {

    private final GpuNetwork network;
    private final GpuSageMakerEndpoint sageMaker;
    private final GpuEcsService ecs;

    public GpuStack(Construct scope, String id, StackProps props, ModelfnSettings settings, DataStack data) {
        super(scope, id, props);
        ModelfnSettings.Gpu gpu = settings.gpu();
        boolean retainLogs = !settings.isDevStage();
        RetentionDays logRetention = LogRetention.of(settings.functions().logRetentionDays());
        ContainerImageUri image = ContainerImageUri.parse(gpu.imageUri());
        Map<String, String> environment = ServingEnvironment.gpuContainer(settings,
                new ServingEnvironment.Tables(data.registry().table().getTableName(),
                        data.feedback().table().getTableName()),
                data.models().bucket().getBucketName(), Aws.REGION);

        this.network = new GpuNetwork(this, "Network", new GpuNetwork.Props(logRetention, retainLogs));

        if (gpu.sagemaker().enabled()) {
            ModelfnSettings.SageMaker sm = gpu.sagemaker();
            this.sageMaker = new GpuSageMakerEndpoint(this, "SageMaker", new GpuSageMakerEndpoint.Props(
                    settings.namePrefix() + "-gpu", image, sm.instanceType(), sm.minInstances(), sm.maxInstances(),
                    sm.invocationsPerInstanceTarget(), environment, network.vpc(), network.privateSubnets(),
                    logRetention, retainLogs));
            data.registry().grantRegistryRead(sageMaker.executionRole());
            data.models().grantModelRead(sageMaker.executionRole());
            CfnOutput.Builder.create(this, "SageMakerEndpointName").value(sageMaker.endpointName())
                    .exportName(settings.namePrefix() + "-gpu-sagemaker-endpoint")
                    .description("SageMaker endpoint name (the registry backend is the SageMakerBackend output)").build();
            CfnOutput.Builder.create(this, "SageMakerBackend").value(sageMaker.backend())
                    .description("Registry backend of endpoints served by the SageMaker endpoint, as it is to be written").build();
        } else {
            this.sageMaker = null;
        }

        if (gpu.ecs().enabled()) {
            ModelfnSettings.Ecs e = gpu.ecs();
            this.ecs = new GpuEcsService(this, "Ecs", new GpuEcsService.Props(settings.namePrefix() + "-gpu", image,
                    e.instanceType(), e.gpuCount(), e.cpu(), e.memoryMiB(), e.minTasks(), e.maxTasks(), environment,
                    network.vpc(), network.privateSubnets(), logRetention, retainLogs));
            data.registry().grantRegistryRead(ecs.taskRole());
            data.models().grantModelRead(ecs.taskRole());
            CfnOutput.Builder.create(this, "EcsServiceUrl").value(ecs.url())
                    .exportName(settings.namePrefix() + "-gpu-ecs-url")
                    .description("Internal load balancer of the ECS GPU service (the registry backend is the EcsBackend output)").build();
            CfnOutput.Builder.create(this, "EcsBackend").value(ecs.backend())
                    .description("Registry backend of endpoints served by the ECS GPU service, as it is to be written").build();
        } else {
            this.ecs = null;
        }
        CfnOutput.Builder.create(this, "VpcId").value(network.vpc().getVpcId())
                .description("The GPU backends' VPC (the prediction function runs in it when the ECS service is on)").build();
    }

    public GpuNetwork network() {
        return network;
    }

    public Optional<GpuSageMakerEndpoint> sageMaker() {
        return Optional.ofNullable(sageMaker);
    }

    public Optional<GpuEcsService> ecs() {
        return Optional.ofNullable(ecs);
    }
}
