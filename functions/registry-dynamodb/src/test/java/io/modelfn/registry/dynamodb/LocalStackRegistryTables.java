package io.modelfn.registry.dynamodb;

import io.modelfn.core.testkit.localstack.LocalStack;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * LocalStack's DynamoDB for the LocalStack runs of the registry's contract tests: a client as a
 * function builds it (SDK, url-connection HTTP client, LocalStack's endpoint) and a fresh table name
 * for every test. Register it as a static {@code @RegisterExtension} field of an
 * {@link io.modelfn.core.testkit.localstack.OnLocalStack} class: nothing touches Docker before the
 * class is known to run.
 */
public final class LocalStackRegistryTables implements RegistryTables, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private volatile DynamoDbClient client;
    private volatile String tableName;

    @Override
    public void beforeAll(ExtensionContext context) {
        client = DynamoDbClient.builder()
                .endpointOverride(LocalStack.endpoint())
                .region(Region.of(LocalStack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalStack.accessKey(), LocalStack.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // One LocalStack serves every class of the JVM: the class name keeps their tables apart.
        tableName = "registry-" + context.getRequiredTestClass().getSimpleName() + "-" + TABLES.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public DynamoDbClient client() {
        if (client == null) {
            throw new IllegalStateException("register LocalStackRegistryTables as a static @RegisterExtension field");
        }
        return client;
    }

    @Override
    public String tableName() {
        if (tableName == null) {
            throw new IllegalStateException("no test is running");
        }
        return tableName;
    }
}
