package io.modelfn.rollout;

import io.modelfn.aws.clients.AwsClientFactory;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.monitoring.DriftEvaluator;
import io.modelfn.core.monitoring.FeatureCounts;
import io.modelfn.core.notice.LoggedRollbackNotifier;
import io.modelfn.core.notice.RollbackAnnouncer;
import io.modelfn.core.notice.RollbackNotifier;
import io.modelfn.core.registry.AlarmLimits;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RegistrySource;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.PublishingModelRegistry;
import io.modelfn.core.registry.write.RegistrySnapshotPublisher;
import io.modelfn.core.alarms.AlarmStore;
import io.modelfn.core.rollout.AlarmThresholds;
import io.modelfn.core.rollout.CanaryGuard;
import io.modelfn.core.rollout.EndpointLimits;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.FunctionAliases;
import io.modelfn.core.rollout.ReleaseAlarmKeeper;
import io.modelfn.core.rollout.RolloutStepper;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.modelfn.registry.dynamodb.DynamoDbRegistryReader;
import io.modelfn.registry.snapshot.S3RegistrySnapshotPublisher;
import io.modelfn.registry.snapshot.S3SnapshotObject;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

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
    ModelRegistry modelRegistry(DynamoDbClient dynamoDb, RolloutConfig config, Clock clock, SnapshotPublication publication) {
        DynamoDbModelRegistry registry = new DynamoDbModelRegistry(dynamoDb, config.registry().table(), clock);
        return publication.publisher().<ModelRegistry>map(publisher -> new PublishingModelRegistry(registry, publisher,
                () -> publication.metrics().recordRegistry(RegistrySource.SNAPSHOT_OBJECT.dimension(),
                        MetricsContract.REGISTRY_SNAPSHOT_WRITE_FAILURES, 1, MetricsContract.COUNT)))
                .orElse(registry);
    }

    /** The snapshot object's publisher (none without a bucket) and where its failures are counted. */
    record SnapshotPublication(Optional<RegistrySnapshotPublisher> publisher, Metrics metrics) {
    }

    @Produces
    @Singleton
    @DefaultBean
    SnapshotPublication snapshotPublication(DynamoDbClient dynamoDb, RolloutConfig config, Clock clock,
            Metrics metrics) {
        var registry = config.registry();
        if (registry.snapshotBucket().isEmpty()) {
            return new SnapshotPublication(Optional.empty(), metrics);
        }
        var s3Builder = S3Client.builder();
        config.aws().s3Endpoint().ifPresent(endpoint -> s3Builder.forcePathStyle(true));
        S3Client s3 = factory(config).build(s3Builder, ClientUse.REGISTRY_WRITE, config.aws().apiCallTimeout(),
                config.aws().s3Endpoint());
        S3SnapshotObject object = new S3SnapshotObject(s3, registry.snapshotBucket().get(), registry.snapshotKey());
        return new SnapshotPublication(Optional.of(new S3RegistrySnapshotPublisher(
                new DynamoDbChangeMarker(dynamoDb, registry.table(), true),
                new DynamoDbRegistryReader(dynamoDb, registry.table()), object, clock, registry.changeSettle())), metrics);
    }

    @Produces
    @Singleton
    SnapshotRepair snapshotRepair(SnapshotPublication publication) {
        return new SnapshotRepair(publication.publisher(), publication.metrics());
    }

    @Produces
    @Singleton
    @DefaultBean
    CloudWatchClient cloudWatch(RolloutConfig config) {
        return factory(config).build(CloudWatchClient.builder(), ClientUse.CLOUDWATCH, config.aws().apiCallTimeout(),
                config.aws().cloudwatchEndpoint());
    }

    @Produces
    @Singleton
    @DefaultBean
    CanarySignals canarySignals(CloudWatchClient cloudWatch, RolloutConfig config) {
        return new CloudWatchCanarySignals(cloudWatch, config.rollout().alarmPrefix(), config.rollout().metricPeriod());
    }

    @Produces
    @Singleton
    @DefaultBean
    FeatureCounts featureCounts(CloudWatchClient cloudWatch, RolloutConfig config) {
        return new CloudWatchFeatureCounts(cloudWatch, config.rollout().metricPeriod());
    }

    /** EMF records (the drift index) on file descriptor 1, each flushed before the invocation returns. */
    @Produces
    @Singleton
    @DefaultBean
    Metrics metrics(Clock clock) {
        return EmfMetrics.toStandardOutput(clock);
    }

    @Produces
    @Singleton
    DriftEvaluator driftEvaluator(ModelRegistry registry, FeatureCounts counts, Metrics metrics, Clock clock,
            RolloutConfig config) {
        var drift = config.drift();
        return new DriftEvaluator(registry, counts, metrics, clock,
                new DriftEvaluator.Settings(drift.window(), drift.every(), drift.lag(), drift.minRows()));
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
    @DefaultBean
    AlarmStore alarmStore(CloudWatchClient cloudWatch, RolloutConfig config) {
        var rollout = config.rollout();
        return new CloudWatchAlarmStore(cloudWatch,
                new CloudWatchAlarmRequests(rollout.rollbackActionArn(), rollout.notifyTopicArn()));
    }

    @Produces
    @Singleton
    RolloutStepper rolloutStepper(ModelRegistry registry, CanarySignals signals, Clock clock, AlarmStore alarms,
            RolloutConfig config) {
        var rollout = config.rollout();
        // Each endpoint's own limits, read from its registry item when its release is armed.
        EndpointLimits endpointLimits = name -> registry.endpoint(name).map(EndpointConfig::alarmLimits)
                .orElse(AlarmLimits.NONE);
        var keeper = new ReleaseAlarmKeeper(alarms, rollout.alarmPrefix(),
                new HashSet<>(rollout.stackEndpoints().orElse(List.of())), AlarmThresholds.DEFAULTS, endpointLimits);
        return new RolloutStepper(registry, signals, clock, keeper);
    }

    /**
     * Rollback notices: to the stage's topic ({@code MODELFN_ROLLOUT_NOTIFY_TOPIC_ARN}) when one is set,
     * through {@code MODELFN_AWS_SNS_ENDPOINT} when that is set too (emulators); else to the log.
     */
    @Produces
    @Singleton
    @DefaultBean
    RollbackNotifier rollbackNotifier(RolloutConfig config) {
        Optional<String> topic = config.rollout().notifyTopicArn();
        if (topic.isEmpty()) {
            return new LoggedRollbackNotifier();
        }
        var aws = config.aws();
        Region region = aws.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        URI endpoint = aws.snsEndpoint().map(URI::create).orElseGet(() -> SnsTopicPublisher.endpointOf(region));
        var http = UrlConnectionHttpClient.builder().connectionTimeout(aws.apiCallTimeout())
                .socketTimeout(aws.apiCallTimeout()).build();
        return new SnsTopicPublisher(http, DefaultCredentialsProvider.builder().build(), region, endpoint, topic.get());
    }

    @Produces
    @Singleton
    RollbackAnnouncer rollbackAnnouncer(ModelRegistry registry, RollbackNotifier notifier, Clock clock) {
        return new RollbackAnnouncer(registry, notifier, clock);
    }

    /** The one client factory (aws-clients): its table says each use's timeouts and retries. */
    private static AwsClientFactory factory(RolloutConfig config) {
        return new AwsClientFactory(config.aws().region());
    }
}
