package io.modelfn.api.clients;

import io.modelfn.api.config.ModelfnConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS SDK clients, built from configuration with the light url-connection HTTP client
 * (fast start, no Netty) and bounded call timeouts. Credentials come from the default chain (the
 * Lambda role in AWS). Endpoint overrides exist for local emulators only.
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
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides(config));
        region(config).ifPresent(builder::region);
        config.aws().dynamodbEndpoint().map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static S3Client buildS3(ModelfnConfig config) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides(config));
        region(config).ifPresent(builder::region);
        config.aws().s3Endpoint().map(URI::create).ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .forcePathStyle(true));
        return builder.build();
    }

    private static ClientOverrideConfiguration overrides(ModelfnConfig config) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(config.aws().apiCallTimeout())
                .apiCallTimeout(config.aws().apiCallTimeout().multipliedBy(3))
                .retryStrategy(RetryMode.STANDARD)
                .build();
    }

    private static java.util.Optional<Region> region(ModelfnConfig config) {
        return config.aws().region().map(Region::of);
    }
}
