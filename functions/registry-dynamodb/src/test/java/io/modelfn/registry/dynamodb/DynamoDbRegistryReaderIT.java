package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The reader's contract ({@link RegistryReaderContract}) on DynamoDB Local in process, and its
 * failures when the database is out of reach, which only an engine this test starts and stops can show.
 */
class DynamoDbRegistryReaderIT extends RegistryReaderContract {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    @Override
    protected RegistryTables tables() {
        return dynamo;
    }

    @Test
    void read_should_throw_registry_unavailable_when_nothing_listens_at_the_endpoint() throws IOException {
        // GIVEN a real SDK client pointed at a port nobody listens on
        try (DynamoDbClient unreachable = httpClient(freePort())) {
            DynamoDbRegistryReader reader = new DynamoDbRegistryReader(unreachable, "registry");

            // WHEN it reads / THEN the failure is typed and says which table
            assertThatThrownBy(reader::read)
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("registry table 'registry' cannot be read")
                    .hasCauseInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void read_should_throw_registry_unavailable_once_the_database_server_has_stopped(@TempDir Path dbPath)
            throws Exception {
        // GIVEN DynamoDB Local serving HTTP, a registry on it that reads fine, then the server stops
        // (no telemetry; its files go to a temporary folder, not the working directory)
        int port = freePort();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-dbPath", dbPath.toString(), "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        try (DynamoDbClient client = httpClient(port)) {
            RegistryTableSchema.createTable(client, "registry");
            RegistrySeederIT.seedSamples(client, "registry");
            DynamoDbRegistryReader reader = new DynamoDbRegistryReader(client, "registry");
            assertThat(reader.read().endpoints()).isNotEmpty();
            server.stop();

            // WHEN it reads / THEN the failure is typed
            assertThatThrownBy(reader::read)
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("registry table 'registry' cannot be read");
        } finally {
            server.stop();
        }
    }

    /** A client as a function builds it (SDK, url-connection HTTP client), without retries to fail fast. */
    private static DynamoDbClient httpClient(int port) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
