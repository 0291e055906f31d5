package io.modelfn.api.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.SampleModels;
import io.modelfn.inference.store.LocalFolderModelStore;
import io.modelfn.registry.dynamodb.RegistrySeeder;
import io.modelfn.registry.dynamodb.RegistryTableSchema;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local as a server on a free port, with the registry table created and every model of
 * {@code models/} registered (artifacts read from the folder), for tests of the HTTP application.
 * The application talks to it over HTTP with its real SDK client.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TABLE = "modelfn-test-registry";

    private static volatile DynamoDbClient client;
    private static volatile String endpoint;
    private DynamoDBProxyServer server;

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
            server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            endpoint = "http://127.0.0.1:" + port;
            client = DynamoDbClient.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            RegistryTableSchema.createTable(client, TABLE);
            new RegistrySeeder(client, TABLE, Clock.systemUTC()).seed(SampleModels.root(), RegistryTestResource::local);
            Path cacheDir = Files.createTempDirectory("modelfn-test-cache");
            return Map.of(
                    "modelfn.aws.dynamodb-endpoint", endpoint,
                    "modelfn.aws.region", "us-east-1",
                    "modelfn.registry.table", TABLE,
                    "modelfn.store.local-root", SampleModels.root().toString(),
                    "modelfn.cache.dir", cacheDir.toString());
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    static io.modelfn.core.registry.ArtifactLocation local(ModelKey key) {
        return LocalFolderModelStore.locationOf(key);
    }

    /** A client of the same DynamoDB Local, for tests that change the registry under the application. */
    public static DynamoDbClient client() {
        return client;
    }

    @Override
    public void stop() {
        try {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
