package io.modelfn.rollout;

import io.modelfn.aws.clients.AwsClientFactory;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.rollout.CanaryGuard;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.FunctionAliases;
import io.modelfn.core.rollout.RolloutStepper;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Wires the rollout function. Every bean is a default, so a runtime that already has its own (the
 * local runner: its embedded registry and in-process signals) replaces them.
 */
@ApplicationScoped
public class RolloutBeans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    @DefaultBean
    DynamoDbClient dynamoDb(RolloutConfig config) {
        return factory(config).build(DynamoDbClient.builder(), ClientUse.REGISTRY_WRITE, config.aws().apiCallTimeout(),
                config.aws().dynamodbEndpoint());
    }

    @Produces
    @Singleton
    @DefaultBean
    ModelRegistry modelRegistry(DynamoDbClient dynamoDb, RolloutConfig config, Clock clock) {
        return new DynamoDbModelRegistry(dynamoDb, config.registry().table(), clock);
    }

    @Produces
    @Singleton
    @DefaultBean
    CanarySignals canarySignals(RolloutConfig config) {
        CloudWatchClient cloudWatch = factory(config).build(CloudWatchClient.builder(), ClientUse.CLOUDWATCH,
                config.aws().apiCallTimeout(), config.aws().cloudwatchEndpoint());
        return new CloudWatchCanarySignals(cloudWatch, config.rollout().alarmPrefix(), config.rollout().metricPeriod());
    }

    @Produces
    @Singleton
    @DefaultBean
    FunctionAliases functionAliases(RolloutConfig config) {
        LambdaClient lambda = factory(config).build(LambdaClient.builder(), ClientUse.LAMBDA, config.aws().apiCallTimeout(),
                config.aws().lambdaEndpoint());
        return new LambdaFunctionAliases(lambda, new HashSet<>(config.rollout().functions().orElse(List.of())));
    }

    @Produces
    @Singleton
    CanaryGuard canaryGuard(ModelRegistry registry, FunctionAliases aliases) {
        return new CanaryGuard(registry, aliases);
    }

    @Produces
    @Singleton
    RolloutStepper rolloutStepper(ModelRegistry registry, CanarySignals signals, Clock clock) {
        return new RolloutStepper(registry, signals, clock);
    }

    /** The one client factory (aws-clients): its table says each use's timeouts and retries. */
    private static AwsClientFactory factory(RolloutConfig config) {
        return new AwsClientFactory(config.aws().region());
    }
}
