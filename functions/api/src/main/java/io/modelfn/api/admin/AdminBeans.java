package io.modelfn.api.admin;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.serving.ServingBeans;
import io.modelfn.core.admin.ArtifactStorage;
import io.modelfn.core.admin.EndpointAdmin;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.admin.PlacementPolicy;
import io.modelfn.core.admin.ValidationGate;
import io.modelfn.core.admin.VersionCleanup;
import io.modelfn.core.admin.VersionLifecycle;
import io.modelfn.core.admin.VersionRegistration;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.RegistrySource;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.PublishingModelRegistry;
import io.modelfn.core.store.ModelStore;
import io.modelfn.inference.store.S3ArtifactStorage;
import io.modelfn.inference.store.S3ModelStore;
import io.modelfn.registry.dynamodb.DynamoDbChangeMarker;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.modelfn.registry.dynamodb.DynamoDbRegistryReader;
import io.modelfn.registry.snapshot.S3RegistrySnapshotPublisher;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Wires the admin side: the registry's write side, the bucket's write side, the validation gate. */
@ApplicationScoped
public class AdminBeans {

    @Produces
    @Singleton
    ModelRegistry modelRegistry(DynamoDbClient dynamoDb, Instance<S3Client> s3, ModelfnConfig config, Clock clock,
            Metrics metrics) {
        String table = config.registry().table();
        DynamoDbModelRegistry registry = new DynamoDbModelRegistry(dynamoDb, table, clock);
        return ServingBeans.snapshotObject(config, s3).<ModelRegistry>map(object -> new PublishingModelRegistry(registry,
                new S3RegistrySnapshotPublisher(new DynamoDbChangeMarker(dynamoDb, table, true),
                        new DynamoDbRegistryReader(dynamoDb, table), object, clock, config.registry().changeSettle()),
                () -> metrics.recordRegistry(RegistrySource.SNAPSHOT_OBJECT.dimension(),
                        MetricsContract.REGISTRY_SNAPSHOT_WRITE_FAILURES, 1, MetricsContract.COUNT)))
                .orElse(registry);
    }

    /**
     * The bucket's write side: pre-signed S3 uploads. The local runner (functions/local) replaces this
     * bean with its model folder's storage; nothing of that ships here.
     */
    @Produces
    @Singleton
    @DefaultBean
    ArtifactStorage artifactStorage(ModelfnConfig config, ModelStore store, Instance<S3Client> s3, Clock clock) {
        return s3ArtifactStorage(config, store, s3.get(), clock);
    }

    /** Pre-signed uploads to the configured bucket; the store must be the S3 store. */
    public static ArtifactStorage s3ArtifactStorage(ModelfnConfig config, ModelStore store, S3Client s3, Clock clock) {
        var storeConfig = config.store();
        if (!"s3".equals(storeConfig.type())) {
            throw new IllegalStateException("the admin's artifact storage needs modelfn.store.type=s3, not "
                    + storeConfig.type() + " (the local model folder's storage is the local runner's)");
        }
        var presigner = S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(config.aws().s3Endpoint().isPresent()).build());
        config.aws().region().map(software.amazon.awssdk.regions.Region::of).ifPresent(presigner::region);
        config.aws().s3Endpoint().map(URI::create).ifPresent(presigner::endpointOverride);
        return new S3ArtifactStorage(s3, presigner.build(), (S3ModelStore) store, storeConfig.bucket().orElseThrow(), clock);
    }

    @Produces
    @Singleton
    ModelCatalog modelCatalog(ModelRegistry registry) {
        return new ModelCatalog(registry);
    }

    @Produces
    @Singleton
    VersionRegistration versionRegistration(ModelRegistry registry, ModelStore store, ArtifactStorage storage,
            InferenceEngine engine, ModelfnConfig config, Clock clock) {
        return new VersionRegistration(registry, store, storage, new ValidationGate(engine),
                Path.of(config.admin().workDir()), clock, placement(config));
    }

    @Produces
    @Singleton
    VersionLifecycle versionLifecycle(ModelRegistry registry) {
        return new VersionLifecycle(registry);
    }

    @Produces
    @Singleton
    EndpointAdmin endpointAdmin(ModelRegistry registry, ModelfnConfig config, Clock clock) {
        return new EndpointAdmin(registry, clock, placement(config));
    }

    @Produces
    @Singleton
    VersionCleanup versionCleanup(ModelRegistry registry, ArtifactStorage storage) {
        return new VersionCleanup(registry, storage);
    }

    /** What the serving function can hold: its model disk and the memory its model cache may use. */
    private static PlacementPolicy placement(ModelfnConfig config) {
        return new PlacementPolicy(config.placement().modelDisk().asLongValue(),
                config.placement().modelMemory().orElse(config.cache().memoryBudget()).asLongValue());
    }
}
