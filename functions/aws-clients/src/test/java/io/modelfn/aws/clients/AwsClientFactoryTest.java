package io.modelfn.aws.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Each use gets the timeouts and retries of the table; built clients carry them, the region and the endpoint. */
class AwsClientFactoryTest {

    private static final Duration T = Duration.ofSeconds(3);

    @ParameterizedTest
    @EnumSource(value = ClientUse.class, names = {"REGISTRY_READ", "REGISTRY_WRITE", "MODEL_DOWNLOAD", "CLOUDWATCH", "LAMBDA", "SECRET_READ"})
    void overrides_should_bound_each_attempt_by_T_and_the_call_by_3T_when_the_use_is_an_aws_api(ClientUse use) {
        // GIVEN the configured timeout T WHEN the use's settings are made
        ClientOverrideConfiguration overrides = AwsClientFactory.overrides(use, T);

        // THEN one attempt may take T, the whole call 3 T, with the standard retries
        assertThat(overrides.apiCallAttemptTimeout()).contains(T);
        assertThat(overrides.apiCallTimeout()).contains(Duration.ofSeconds(9));
        assertThat(overrides.retryMode()).contains(RetryMode.STANDARD);
    }

    @Test
    void overrides_should_bound_the_whole_call_by_T_when_the_use_is_a_shadow_hand_off() {
        // GIVEN the shadow hand-off's short timeout WHEN its settings are made
        Duration invokeTimeout = Duration.ofMillis(500);
        ClientOverrideConfiguration overrides = AwsClientFactory.overrides(ClientUse.SHADOW_INVOKE, invokeTimeout);

        // THEN the caller waits at most T for the hand-off, retries included
        assertThat(overrides.apiCallAttemptTimeout()).contains(invokeTimeout);
        assertThat(overrides.apiCallTimeout()).contains(invokeTimeout);
        assertThat(overrides.retryMode()).contains(RetryMode.STANDARD);
    }

    @Test
    void overrides_should_bound_only_the_whole_call_when_the_use_is_the_sagemaker_runtime() {
        // GIVEN the backend timeout WHEN the SageMaker runtime's settings are made
        Duration backendTimeout = Duration.ofSeconds(30);
        ClientOverrideConfiguration overrides = AwsClientFactory.overrides(ClientUse.SAGEMAKER_RUNTIME, backendTimeout);

        // THEN the whole call (retries included) fits the backend timeout, and no attempt has a bound of its own
        assertThat(overrides.apiCallTimeout()).contains(backendTimeout);
        assertThat(overrides.apiCallAttemptTimeout()).isEmpty();
        assertThat(overrides.retryMode()).contains(RetryMode.STANDARD);
    }

    @Test
    void build_should_apply_the_use_the_region_and_the_endpoint_when_given() {
        // GIVEN a factory for eu-west-1
        AwsClientFactory factory = new AwsClientFactory(Optional.of("eu-west-1"));

        // WHEN a DynamoDB client for registry reads is built against an emulator
        try (DynamoDbClient client = factory.build(DynamoDbClient.builder(), ClientUse.REGISTRY_READ, T,
                Optional.of("http://localhost:8000"))) {

            // THEN it carries all three
            var configuration = client.serviceClientConfiguration();
            assertThat(configuration.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(configuration.endpointOverride()).contains(URI.create("http://localhost:8000"));
            assertThat(configuration.overrideConfiguration().apiCallAttemptTimeout()).contains(T);
            assertThat(configuration.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(9));
            // (standard: 3 attempts; the SDK's default legacy mode would give DynamoDB 9)
            assertThat(configuration.overrideConfiguration().retryStrategy().orElseThrow().maxAttempts()).isEqualTo(3);
        }
    }

    @Test
    void build_should_take_the_region_and_the_credentials_from_the_environment_when_lambda_sets_them() {
        // GIVEN no configured region and the variables Lambda sets at an on-demand initialisation
        AwsClientFactory factory = new AwsClientFactory(Optional.empty(), Map.of("AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token"));

        // WHEN a client is built
        try (DynamoDbClient client = factory.build(DynamoDbClient.builder(), ClientUse.REGISTRY_READ, T,
                Optional.of("http://localhost:8000"))) {

            // THEN it is in AWS_REGION and signs with the environment's credentials, no provider chain walked
            var configuration = client.serviceClientConfiguration();
            assertThat(configuration.region()).isEqualTo(Region.EU_CENTRAL_1);
            assertThat(configuration.credentialsProvider()).isInstanceOf(EnvironmentVariableCredentialsProvider.class);
        }
    }

    @Test
    void build_should_prefer_the_configured_region_and_leave_credentials_to_the_sdk_chain_when_the_environment_has_none() {
        // GIVEN a configured region and, as under SnapStart, no credentials in the environment
        AwsClientFactory factory = new AwsClientFactory(Optional.of("eu-west-1"), Map.of("AWS_REGION", "us-east-1"));

        // WHEN a client is built
        try (DynamoDbClient client = factory.build(DynamoDbClient.builder(), ClientUse.REGISTRY_READ, T,
                Optional.of("http://localhost:8000"))) {

            // THEN the configured region wins and the credentials are the SDK's default chain's
            var configuration = client.serviceClientConfiguration();
            assertThat(configuration.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(configuration.credentialsProvider()).isNotInstanceOf(EnvironmentVariableCredentialsProvider.class);
        }
    }

    @Test
    void calls_of_clients_from_any_factory_should_time_out_on_one_shared_thread_instead_of_a_pool_per_client() throws Exception {
        // GIVEN an endpoint that takes connections and never answers, and two clients built by two factories
        Map<String, String> environment = Map.of("AWS_REGION", "us-east-1");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "key"));
        Duration attempt = Duration.ofMillis(150);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                DynamoDbClient first = new AwsClientFactory(Optional.empty(), environment).build(DynamoDbClient.builder().credentialsProvider(credentials),
                        ClientUse.REGISTRY_READ, attempt, Optional.of("http://127.0.0.1:" + silent.getLocalPort()));
                DynamoDbClient second = new AwsClientFactory(Optional.empty(), environment).build(DynamoDbClient.builder().credentialsProvider(credentials),
                        ClientUse.REGISTRY_READ, attempt, Optional.of("http://127.0.0.1:" + silent.getLocalPort()))) {

            // WHEN a call of each runs out of time
            for (DynamoDbClient client : List.of(first, second)) {
                assertThatThrownBy(client::listTables)
                        .isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
            }

            // THEN both timed out, on the one timeout thread: no pool of the SDK's own was started
            List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
            assertThat(threads).filteredOn("modelfn-sdk-timeouts"::equals).hasSize(1);
            assertThat(threads).noneMatch(name -> name.startsWith("sdk-ScheduledExecutor"));
        }
    }

    @Test
    void closing_a_client_should_leave_the_shared_timeout_thread_to_the_others() throws Exception {
        // GIVEN a client built and closed (as the start-up's Secrets Manager client is)
        Map<String, String> environment = Map.of("AWS_REGION", "us-east-1");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "key"));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            try (DynamoDbClient closed = new AwsClientFactory(Optional.empty(), environment).build(
                    DynamoDbClient.builder().credentialsProvider(credentials), ClientUse.REGISTRY_READ, Duration.ofMillis(100),
                    Optional.of(endpoint))) {
                assertThatThrownBy(closed::listTables).isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
            }

            // WHEN another client's call runs out of time
            try (DynamoDbClient other = new AwsClientFactory(Optional.empty(), environment).build(
                    DynamoDbClient.builder().credentialsProvider(credentials), ClientUse.REGISTRY_READ, Duration.ofMillis(100),
                    Optional.of(endpoint))) {

                // THEN it times out as before: the closed client did not shut the scheduler down
                assertThatThrownBy(other::listTables).isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
            }
        }
    }
}
