package io.modelfn.api.clients;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.aws.clients.AwsClientFactory;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.aws.lean.LeanClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS SDK clients of the application, built by the one {@link AwsClientFactory} with the timeouts
 * and retries of their use (aws-clients' table): DynamoDB for registry reads, or writes in the admin
 * function; S3 for model downloads. Endpoint overrides exist for local emulators only.
 *
 * <p>The prediction function's clients are lean ones ({@link LeanClients}) where the environment allows: the
 * SDK's model classes without its client runtime, which a cold start would spend over a second loading.
 *
 * <p>Each client is a {@link RebuildableClient}: the application is handed its view, and the
 * SnapStart restore hook rebuilds the client behind it (fresh connections and credentials).
 */
@ApplicationScoped
public class AwsClients {

    @Produces
    @Singleton
    RebuildableClient<DynamoDbClient> rebuildableDynamoDb(ModelfnConfig config) {
        return new RebuildableClient<>(DynamoDbClient.class, () -> buildDynamoDb(config));
    }

    @Produces
    @Singleton
    DynamoDbClient dynamoDb(RebuildableClient<DynamoDbClient> client) {
        client.get(); // built when wired, as before: a bad configuration fails the start-up
        return client.view();
    }

    void closeDynamoDb(@Disposes RebuildableClient<DynamoDbClient> client) {
        client.close();
    }

    @Produces
    @Singleton
    RebuildableClient<S3Client> rebuildableS3(ModelfnConfig config) {
        return new RebuildableClient<>(S3Client.class, () -> buildS3(config));
    }

    @Produces
    @Singleton
    S3Client s3(RebuildableClient<S3Client> client) {
        client.get(); // built when wired, as before: a bad configuration fails the start-up
        return client.view();
    }

    void closeS3(@Disposes RebuildableClient<S3Client> client) {
        client.close();
    }

    private static DynamoDbClient buildDynamoDb(ModelfnConfig config) {
        // The admin function writes the registry; the prediction function only reads it.
        ClientUse use = config.admin().enabled() ? ClientUse.REGISTRY_WRITE : ClientUse.REGISTRY_READ;
        Optional<LeanClients> lean = lean(config);
        if (lean.isPresent()) {
            return lean.get().dynamoDb(use, config.aws().apiCallTimeout(), config.aws().dynamodbEndpoint());
        }
        return factory(config).build(DynamoDbClient.builder(), use, config.aws().apiCallTimeout(),
                config.aws().dynamodbEndpoint());
    }

    private static S3Client buildS3(ModelfnConfig config) {
        Optional<LeanClients> lean = lean(config);
        if (lean.isPresent()) {
            return lean.get().s3(ClientUse.MODEL_DOWNLOAD, config.aws().apiCallTimeout(), config.aws().s3Endpoint());
        }
        var builder = S3Client.builder();
        config.aws().s3Endpoint().ifPresent(endpoint -> builder.forcePathStyle(true));
        return factory(config).build(builder, ClientUse.MODEL_DOWNLOAD, config.aws().apiCallTimeout(),
                config.aws().s3Endpoint());
    }

    /**
     * The lean clients (aws-lean) of the prediction function, where they are on ({@code modelfn.aws.lean-clients})
     * and the environment gives them a region and credentials; never with the admin API on, which calls what they
     * do not implement (table, object and multipart writes).
     */
    public static Optional<LeanClients> lean(ModelfnConfig config) {
        if (config.admin().enabled() || !config.aws().leanClients()) {
            return Optional.empty();
        }
        return LeanClients.from(config.aws().region(), System.getenv());
    }

    /** The one client factory ({@link AwsClientFactory}: its table says each use's timeouts and retries). */
    public static AwsClientFactory factory(ModelfnConfig config) {
        return new AwsClientFactory(config.aws().region());
    }
}
