package io.modelfn.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ModelStore;
import io.modelfn.inference.store.LocalFolderModelStore;
import io.modelfn.inference.store.S3ModelStore;
import io.modelfn.registry.dynamodb.RegistrySeeder;
import io.modelfn.registry.dynamodb.RegistryTableSchema;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The registry of the local runner: DynamoDB Local (AWS's own engine) running in this process, in
 * memory, with the table created and every model in {@code models/} registered at start-up. It
 * replaces the AWS client of the HTTP application, so everything above it runs exactly as in AWS.
 * The artifacts are copied into the local "bucket" folder first, where uploads of new versions go
 * too, so the repository's {@code models/} is never written to.
 */
@ApplicationScoped
public class EmbeddedRegistry {

    private static final Logger LOG = Logger.getLogger(EmbeddedRegistry.class);

    private AmazonDynamoDBLocal dynamoDbLocal;

    /** The model repository the registry is seeded from (the repository's models/). */
    @ConfigProperty(name = "local-runner.models-dir", defaultValue = "models")
    String modelsDir;

    @Produces
    @Singleton
    @Alternative
    @Priority(10)
    DynamoDbClient embeddedDynamoDb(ModelfnConfig config, Clock clock, ModelStore store) {
        // true: no usage telemetry from DynamoDB Local (it would otherwise call AWS).
        dynamoDbLocal = DynamoDBEmbedded.create(true);
        DynamoDbClient client = dynamoDbLocal.dynamoDbClient();
        String table = config.registry().table();
        RegistryTableSchema.ensureTable(client, table);
        RegistryTableSchema.ensureTable(client, config.feedback().table());
        Path models = Path.of(modelsDir).toAbsolutePath().normalize();
        Path bucket = Path.of(config.store().localRoot()).toAbsolutePath().normalize();
        LocalBucket.fill(models, bucket);
        // With modelfn.store.type=s3 (an S3 emulator at modelfn.aws.s3-endpoint, filled beforehand), the
        // versions point at the bucket, so the runner reads models as the function does.
        Function<ModelKey, ArtifactLocation> location = store instanceof S3ModelStore s3
                ? s3::locationOf : EmbeddedRegistry::localArtifact;
        RegistrySeeder.Summary summary = new RegistrySeeder(client, table, clock).seed(models, location);
        LOG.infof("embedded registry '%s' seeded from %s (artifacts in %s): %d items written", table, models,
                store.describe(), summary.written());
        return client;
    }

    void shutdown(@Disposes DynamoDbClient client) {
        client.close();
        if (dynamoDbLocal != null) {
            dynamoDbLocal.shutdown();
        }
    }

    static ArtifactLocation localArtifact(ModelKey key) {
        return LocalFolderModelStore.locationOf(key);
    }
}
