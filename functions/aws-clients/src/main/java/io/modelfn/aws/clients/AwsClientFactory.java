package io.modelfn.aws.clients;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds every AWS SDK client of the functions, from the service's own builder: the light
 * url-connection HTTP client (fast start, no Netty or Apache), the region when configured (else the
 * SDK's chain: {@code AWS_REGION} in Lambda), an endpoint override for emulators only, and the
 * timeouts and retries of the client's {@link ClientUse}:
 *
 * <table>
 * <caption>Timeouts and retries per use ({@code T}: the configured timeout)</caption>
 * <tr><th>use</th><th>clients</th><th>per attempt</th><th>whole call</th><th>retries</th></tr>
 * <tr><td>{@code REGISTRY_READ}</td><td>DynamoDB of the prediction function</td><td>T (3 s)</td><td>3 T (9 s)</td><td>standard, 3 attempts</td></tr>
 * <tr><td>{@code REGISTRY_WRITE}</td><td>DynamoDB of the admin API and the rollout function</td><td>T (3 s)</td><td>3 T (9 s)</td><td>standard, 3 attempts</td></tr>
 * <tr><td>{@code MODEL_DOWNLOAD}</td><td>S3 (model store, admin artifacts)</td><td>T (3 s)</td><td>3 T (9 s)</td><td>standard, 3 attempts</td></tr>
 * <tr><td>{@code SAGEMAKER_RUNTIME}</td><td>SageMaker runtime (GPU backends)</td><td>none</td><td>backend timeout</td><td>standard, 3 attempts</td></tr>
 * <tr><td>{@code CLOUDWATCH}</td><td>CloudWatch of the rollout function</td><td>T (3 s)</td><td>3 T (9 s)</td><td>standard, 3 attempts</td></tr>
 * <tr><td>{@code LAMBDA}</td><td>Lambda (alias moves) of the rollout function</td><td>T (3 s)</td><td>3 T (9 s)</td><td>standard, 3 attempts</td></tr>
 * <tr><td>{@code SHADOW_INVOKE}</td><td>Lambda (asynchronous self-invocations with shadow copies) of the prediction function</td><td>T (500 ms)</td><td>T (500 ms)</td><td>standard, within T</td></tr>
 * <tr><td>{@code SECRET_READ}</td><td>Secrets Manager (prediction token keys, at start-up)</td><td>T (3 s)</td><td>3 T (9 s)</td><td>standard, 3 attempts</td></tr>
 * </table>
 *
 * <p>Nothing here builds a client by itself, and nothing is static: applications call the factory from
 * their producers (so a client can be rebuilt after a SnapStart restore), and tests hand in their own
 * clients pointed at DynamoDB Local, S3Proxy or moto instead. Credentials come from the SDK's default
 * chain (the function's role in AWS). Thread-safe (immutable).
 */
public final class AwsClientFactory {

    private final Optional<Region> region;

    /** @param region the region's id, or empty for the SDK's chain */
    public AwsClientFactory(Optional<String> region) {
        this.region = Objects.requireNonNull(region, "region").map(Region::of);
    }

    /**
     * Builds a client for {@code use} from its service's builder (e.g. {@code DynamoDbClient.builder()},
     * with any service-specific settings already made).
     *
     * @param timeout  the configured timeout {@code T} of the table
     * @param endpoint an emulator's URL, or empty for AWS
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, ClientUse use,
            Duration timeout, Optional<String> endpoint) {
        builder.httpClient(UrlConnectionHttpClient.create());
        builder.overrideConfiguration(overrides(use, timeout));
        region.ifPresent(builder::region);
        endpoint.map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The timeouts and retries of {@code use} with the configured timeout {@code T}. */
    public static ClientOverrideConfiguration overrides(ClientUse use, Duration timeout) {
        var overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(use.callTimeout(timeout))
                .retryStrategy(use.retryMode());
        use.attemptTimeout(timeout).ifPresent(overrides::apiCallAttemptTimeout);
        return overrides.build();
    }
}
