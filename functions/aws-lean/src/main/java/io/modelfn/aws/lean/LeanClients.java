package io.modelfn.aws.lean;

import io.modelfn.aws.clients.ClientUse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Makes the lean clients ({@link LeanDynamoDbClient}, {@link LeanS3Client}, {@link LeanSecretsManagerClient}) where
 * the environment allows them: a region ({@code AWS_REGION}, or configured), credentials from the environment or a
 * container endpoint ({@link CredentialSource}), and neither FIPS nor dual-stack endpoints asked for. Elsewhere
 * {@link #from} is empty and the caller builds the SDK's clients ({@code AwsClientFactory}).
 *
 * <p>Why: building the SDK's DynamoDB, S3 and Secrets Manager clients and making their first calls loads about two
 * thousand classes of client machinery (interceptors, endpoint rules, auth schemes, retry strategies, protocol
 * marshallers), over a second on one core, and a Lambda cold start makes all three calls before its first answer.
 * The lean clients send the same requests, built from the same SDK model objects, with the timeouts and retries of
 * the same {@link ClientUse}.
 *
 * <p>Thread-safe (immutable).
 */
public final class LeanClients {

    private final String region;
    private final CredentialSource credentials;
    private final Map<String, String> environment;
    private final Clock clock;

    LeanClients(String region, CredentialSource credentials, Map<String, String> environment, Clock clock) {
        this.region = region;
        this.credentials = credentials;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    /**
     * The lean clients {@code environment} allows, or empty.
     *
     * @param region the configured region, else {@code AWS_REGION} of {@code environment}
     */
    public static Optional<LeanClients> from(Optional<String> region, Map<String, String> environment) {
        Objects.requireNonNull(region, "region");
        String regionId = region.or(() -> Optional.ofNullable(environment.get("AWS_REGION")))
                .map(String::trim).orElse(null);
        if (!ServiceEndpoint.isRegion(regionId) || isTrue(environment.get("AWS_USE_FIPS_ENDPOINT"))
                || isTrue(environment.get("AWS_USE_DUALSTACK_ENDPOINT"))) {
            return Optional.empty();
        }
        return CredentialSource.from(environment)
                .map(source -> new LeanClients(regionId, source, environment, Clock.systemUTC()));
    }

    /** DynamoDB's item operations, with the timeouts and retries of {@code use}; {@code endpoint} for emulators. */
    public DynamoDbClient dynamoDb(ClientUse use, Duration timeout, Optional<String> endpoint) {
        LeanTransport transport = transport(use, timeout);
        return new LeanDynamoDbClient(LeanDynamoDbClient.service(transport,
                ServiceEndpoint.of("dynamodb", region, endpoint.or(() -> configured("DYNAMODB")))), renewal());
    }

    /**
     * S3's GetObject. Path-style addressing with an emulator's {@code endpoint}, as the application asks the SDK's
     * client for it; with an endpoint from {@code AWS_ENDPOINT_URL[_S3]}, as the SDK's client addresses it
     * (path-style for an IP address, else virtual-hosted).
     */
    public S3Client s3(ClientUse use, Duration timeout, Optional<String> endpoint) {
        Optional<String> configured = endpoint.isPresent() ? Optional.empty() : configured("S3");
        boolean pathStyle = endpoint.isPresent()
                || configured.map(url -> ServiceEndpoint.isIpAddress(URI.create(url).getHost())).orElse(false);
        return new LeanS3Client(transport(use, timeout), ServiceEndpoint.of("s3", region, endpoint.or(() -> configured)),
                pathStyle, renewal());
    }

    /** Secrets Manager's GetSecretValue. */
    public SecretsManagerClient secretsManager(ClientUse use, Duration timeout, Optional<String> endpoint) {
        LeanTransport transport = transport(use, timeout);
        return new LeanSecretsManagerClient(LeanSecretsManagerClient.service(transport,
                ServiceEndpoint.of("secretsmanager", region, endpoint.or(() -> configured("SECRETS_MANAGER")))));
    }

    /**
     * The endpoint the environment configures for a service, as the SDK's clients read it:
     * {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}; none when
     * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true.
     */
    private Optional<String> configured(String serviceId) {
        if (isTrue(environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(EnvironmentCredentials.trimmed(environment.get("AWS_ENDPOINT_URL_" + serviceId)))
                .or(() -> Optional.ofNullable(EnvironmentCredentials.trimmed(environment.get("AWS_ENDPOINT_URL"))));
    }

    private LeanTransport transport(ClientUse use, Duration timeout) {
        Duration call = use.callTimeout(timeout);
        return new LeanTransport(credentials, region, use.attemptTimeout(timeout).orElse(call), call,
                use.maxAttempts(), clock);
    }

    private RenewableClient renewal() {
        return credentials instanceof RenewableClient renewable ? renewable : () -> { };
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
