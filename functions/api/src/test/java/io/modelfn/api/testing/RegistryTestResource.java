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
    public static final String FEEDBACK_TABLE = "modelfn-test-feedback";

    private static volatile DynamoDbClient client;
    private static volatile Path bucket;
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
            RegistryTableSchema.createTable(client, FEEDBACK_TABLE);
            new RegistrySeeder(client, TABLE, Clock.systemUTC()).seed(SampleModels.root(), RegistryTestResource::local);
            Path cacheDir = Files.createTempDirectory("modelfn-test-cache");
            bucket = copyOfModels(Files.createTempDirectory("modelfn-test-bucket"));
            return Map.of(
                    "modelfn.aws.dynamodb-endpoint", endpoint,
                    "modelfn.aws.region", "us-east-1",
                    "modelfn.registry.table", TABLE,
                    "modelfn.feedback.table", FEEDBACK_TABLE,
                    "modelfn.store.local-root", bucket.toString(),
                    "modelfn.cache.dir", cacheDir.toString());
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    /**
     * The model folder the application reads: a copy of the model.onnx files of models/, so that
     * uploads made by tests never write into the repository.
     */
    public static Path bucket() {
        return bucket;
    }

    private static Path copyOfModels(Path target) throws java.io.IOException {
        for (ModelKey key : SampleModels.versions()) {
            Path file = target.resolve(key.name()).resolve(key.version()).resolve("model.onnx");
            Files.createDirectories(file.getParent());
            Files.copy(SampleModels.modelFile(key), file);
        }
        return target;
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
