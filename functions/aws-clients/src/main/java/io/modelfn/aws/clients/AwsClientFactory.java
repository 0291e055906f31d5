package io.modelfn.aws.clients;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds every AWS SDK client of the functions, from the service's own builder: the light
 * url-connection HTTP client (fast start, no Netty or Apache), the region when configured (else
 * {@code AWS_REGION}, which Lambda sets; else the SDK's chain), an endpoint override for emulators only,
 * and the timeouts and retries of the client's {@link ClientUse}:
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
 * <p>Nothing here builds a client by itself, and nothing is static but the clients' timeout scheduler
 * ({@link Timeouts}): applications call the factory from their producers (so a client can be rebuilt after a
 * SnapStart restore), and tests hand in their own clients pointed at DynamoDB Local, S3Proxy or moto instead.
 * Thread-safe (immutable).
 *
 * <p>Start-up cost: what the SDK would otherwise look up while building each client is given from the
 * environment instead, so no client reads the shared config and credentials files or walks a provider
 * chain at init: the defaults mode ({@code AWS_DEFAULTS_MODE}, else {@code legacy}, the SDK's own default),
 * FIPS and dual-stack endpoints ({@code AWS_USE_FIPS_ENDPOINT}, {@code AWS_USE_DUALSTACK_ENDPOINT}, else
 * off), and the credentials: the environment's ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}: the function's role on Lambda's on-demand initialisation), else the SDK's
 * default chain (SnapStart, where Lambda serves the role's credentials from a container endpoint;
 * containers; a developer's profile).
 */
public final class AwsClientFactory {

    private final Optional<Region> region;
    private final DefaultsMode defaultsMode;
    private final boolean fips;
    private final boolean dualstack;
    private final boolean environmentCredentials;

    /** @param region the region's id, or empty for {@code AWS_REGION} (else the SDK's chain) */
    public AwsClientFactory(Optional<String> region) {
        this(region, System.getenv());
    }

    /**
     * @param region      the region's id, or empty for {@code AWS_REGION} of {@code environment} (else the SDK's chain)
     * @param environment the process's environment variables
     */
    public AwsClientFactory(Optional<String> region, Map<String, String> environment) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(environment, "environment");
        this.region = region.or(() -> present(environment, "AWS_REGION")).map(Region::of);
        this.defaultsMode = present(environment, "AWS_DEFAULTS_MODE").map(DefaultsMode::fromValue).orElse(DefaultsMode.LEGACY);
        this.fips = present(environment, "AWS_USE_FIPS_ENDPOINT").map(AwsClientFactory::isTrue).orElse(false);
        this.dualstack = present(environment, "AWS_USE_DUALSTACK_ENDPOINT").map(AwsClientFactory::isTrue).orElse(false);
        this.environmentCredentials = present(environment, "AWS_ACCESS_KEY_ID").isPresent()
                && present(environment, "AWS_SECRET_ACCESS_KEY").isPresent();
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
        builder.defaultsMode(defaultsMode);
        builder.fipsEnabled(fips);
        builder.dualstackEnabled(dualstack);
        if (environmentCredentials) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        region.ifPresent(builder::region);
        endpoint.map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The timeouts and retries of {@code use} with the configured timeout {@code T}, timed by {@link Timeouts}. */
    public static ClientOverrideConfiguration overrides(ClientUse use, Duration timeout) {
        var overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(use.callTimeout(timeout))
                .retryStrategy(use.retryMode())
                .scheduledExecutorService(Timeouts.SCHEDULER);
        use.attemptTimeout(timeout).ifPresent(overrides::apiCallAttemptTimeout);
        return overrides.build();
    }

    /**
     * The timeout scheduler of every client of the process: one daemon thread, where the SDK would start a pool of
     * five for each client. Its tasks only abort a call whose time is up; but each waiting thread is woken at every
     * freeze and thaw of a Lambda environment, on the invocation's core. Made when the first client is built (a
     * holder class), its thread started when a call first schedules a timeout, and kept across a SnapStart restore
     * (clients rebuilt after it use it too). A timeout cancelled because its call ended in time leaves the queue
     * at once instead of waiting out its delay, so a busy client does not pile them up.
     */
    private static final class Timeouts {
        static final ScheduledExecutorService SCHEDULER = scheduler();

        private static ScheduledExecutorService scheduler() {
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "modelfn-sdk-timeouts");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.setRemoveOnCancelPolicy(true);
            return scheduler;
        }
    }

    private static Optional<String> present(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static boolean isTrue(String value) {
        return value.toLowerCase(Locale.ROOT).equals("true");
    }
}
