package io.modelfn.api.reliability.faults;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.OpenedArtifact;
import io.modelfn.inference.store.S3ModelStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Under {@link FaultsProfile} only: the application's DynamoDB client and model store, built as
 * {@code AwsClients} and {@code ServingBeans} build them (url-connection client, the configured call
 * timeouts, standard retries, the real {@link S3ModelStore} on S3Proxy), plus the fault interceptors
 * of {@link Faults}.
 */
@ApplicationScoped
@Alternative
public class FaultInjectingBeans {

    @Produces
    @Singleton
    @Alternative
    DynamoDbClient faultyDynamoDb(ModelfnConfig config) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides(config, Faults.DYNAMODB))
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(config.aws().dynamodbEndpoint().orElseThrow()))
                .build();
    }

    @Produces
    @Singleton
    @Alternative
    ModelStore faultyS3Store(ModelfnConfig config) {
        S3Client s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides(config, Faults.S3))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyTestResource.ACCESS_KEY, S3ProxyTestResource.SECRET_KEY)))
                .endpointOverride(URI.create(config.aws().s3Endpoint().orElseThrow()))
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .build();
        return new OpenCountingStore(new S3ModelStore(s3, config.store().bucket().orElseThrow(), config.store().prefix()));
    }

    private static ClientOverrideConfiguration overrides(ModelfnConfig config, Faults.Fault fault) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(config.aws().apiCallTimeout())
                .apiCallTimeout(config.aws().apiCallTimeout().multipliedBy(3))
                .retryStrategy(RetryMode.STANDARD)
                .addExecutionInterceptor(fault)
                .build();
    }

    /** The S3 store, counting {@link #open} calls. */
    public static final class OpenCountingStore implements ModelStore {
        public static final AtomicInteger OPENS = new AtomicInteger();
        private final ModelStore delegate;

        OpenCountingStore(ModelStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public InputStream open(ArtifactLocation location) {
            OPENS.incrementAndGet();
            return delegate.open(location);
        }

        @Override
        public OpenedArtifact openWithVersion(ArtifactLocation location) {
            OPENS.incrementAndGet();
            return delegate.openWithVersion(location);
        }

        @Override
        public boolean accepts(ArtifactLocation location) {
            return delegate.accepts(location);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
