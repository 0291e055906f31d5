package io.modelfn.harness;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.registry.dynamodb.RegistrySeeder;
import io.modelfn.registry.dynamodb.RegistryTableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The AWS services the function reaches, as local engines in this JVM: DynamoDB Local (AWS's own engine)
 * as an HTTP server with the registry and feedback tables, and S3Proxy with the model bucket. Every model
 * of a {@code models/} folder is uploaded to the bucket under the store prefix and registered with its
 * {@code s3://} location, as an operator's upload would leave them ({@link #prepare}).
 */
public final class LocalEngines implements AutoCloseable {

    /** The credentials the function gets (Lambda would give it its role's); DynamoDB Local takes letters and digits only. */
    public static final String ACCESS_KEY = "harnessAccessKey";
    public static final String SECRET_KEY = "harnessSecretKey";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private final DynamoDBProxyServer dynamo;
    private final String dynamoEndpoint;
    private final S3Proxy s3;
    private final String s3Endpoint;
    private final DynamoDbClient dynamoClient;

    private LocalEngines(DynamoDBProxyServer dynamo, String dynamoEndpoint, S3Proxy s3, String s3Endpoint,
            DynamoDbClient dynamoClient) {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.s3 = s3;
        this.s3Endpoint = s3Endpoint;
        this.dynamoClient = dynamoClient;
    }

    /** Starts both engines, empty. */
    public static LocalEngines start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            dynamo.start();
            String dynamoEndpoint = "http://127.0.0.1:" + port;
            S3Proxy s3 = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .stopTimeout(0)
                    .build();
            s3.start();
            String s3Endpoint = "http://127.0.0.1:" + s3.getPort();
            DynamoDbClient dynamoClient = DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint))
                    .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
            return new LocalEngines(dynamo, dynamoEndpoint, s3, s3Endpoint, dynamoClient);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the local engines did not start", e);
        }
    }

    /**
     * Lays out the function's data: tables {@code registryTable} and {@code feedbackTable}, bucket
     * {@code bucket} with each {@code <name>/<version>/model.onnx} of {@code models} under {@code prefix},
     * every version registered with its {@code s3://} location.
     */
    public void prepare(Path models, String registryTable, String feedbackTable, String bucket, String prefix) {
        RegistryTableSchema.createTable(dynamoClient, registryTable);
        RegistryTableSchema.createTable(dynamoClient, feedbackTable);
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(s3Endpoint)).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .build()) {
            client.createBucket(b -> b.bucket(bucket));
            for (Path file : modelFiles(models)) {
                Path relative = models.relativize(file);
                client.putObject(b -> b.bucket(bucket).key(prefix + relative.toString().replace('\\', '/')),
                        RequestBody.fromFile(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new RegistrySeeder(dynamoClient, registryTable, Clock.systemUTC()).seed(models,
                key -> ArtifactLocation.of("s3://" + bucket + "/" + prefix + key.name() + "/" + key.version() + "/model.onnx"));
    }

    /** The variables that point the function's SDK clients at these engines, with credentials. */
    public Map<String, String> functionEnvironment() {
        return Map.of(
                "MODELFN_AWS_DYNAMODB_ENDPOINT", dynamoEndpoint,
                "MODELFN_AWS_S3_ENDPOINT", s3Endpoint,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** A client of the registry's DynamoDB Local, for tests that read or change it. */
    public DynamoDbClient dynamoDb() {
        return dynamoClient;
    }

    private static List<Path> modelFiles(Path models) throws IOException {
        try (Stream<Path> files = Files.walk(models, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("model.onnx"))
                    .filter(f -> models.relativize(f).getNameCount() == 3)
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void close() {
        dynamoClient.close();
        try {
            s3.stop();
            dynamo.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
