package io.modelfn.rollout;

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
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
        var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(overrides(config));
        config.aws().region().map(Region::of).ifPresent(builder::region);
        config.aws().dynamodbEndpoint().map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
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
        var builder = CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(overrides(config));
        config.aws().region().map(Region::of).ifPresent(builder::region);
        config.aws().cloudwatchEndpoint().map(URI::create).ifPresent(builder::endpointOverride);
        return new CloudWatchCanarySignals(builder.build(), config.rollout().alarmPrefix(), config.rollout().metricPeriod());
    }

    @Produces
    @Singleton
    @DefaultBean
    FunctionAliases functionAliases(RolloutConfig config) {
        var builder = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(overrides(config));
        config.aws().region().map(Region::of).ifPresent(builder::region);
        config.aws().lambdaEndpoint().map(URI::create).ifPresent(builder::endpointOverride);
        return new LambdaFunctionAliases(builder.build(), new HashSet<>(config.rollout().functions().orElse(List.of())));
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

    private static ClientOverrideConfiguration overrides(RolloutConfig config) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(config.aws().apiCallTimeout())
                .apiCallTimeout(config.aws().apiCallTimeout().multipliedBy(3))
                .build();
    }
}
