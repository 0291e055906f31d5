package io.modelfn.registry.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (in-process, in memory) for integration tests: one instance per test JVM, shared
 * by every test class, and a fresh table name for every test so tests never see each other's items.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();
 *
 * @Test
 * void read_should_...() {
 *     String table = dynamo.createRegistryTable();
 *     var reader = new DynamoDbRegistryReader(dynamo.client(), table);
 * }
 * }</pre>
 *
 * <p>The client talks to the database in-process (no HTTP client, no port), and fails as the SDK's
 * client does, with SDK v2 exceptions, paginators included (see {@link #throughSdkMethods}). A
 * module that uses this fixture from the test-jar declares {@code com.amazonaws:DynamoDBLocal} in
 * test scope itself.
 *
 * <p>Thread-safety: {@link #client()} is thread-safe; {@link #tableName()} is set before each test,
 * so tests of one class must not run concurrently.
 */
public final class DynamoDbLocalFixture implements RegistryTables, BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbLocalFixture.class);
    private static final AtomicInteger TABLES = new AtomicInteger();

    private volatile DynamoDbClient client;
    private volatile String tableName;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store lives as long as the test run and closes the database at its end.
        client = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(EmbeddedDynamoDb.class.getName(), key -> new EmbeddedDynamoDb(), EmbeddedDynamoDb.class)
                .client();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        tableName = newTableName();
    }

    /** The client of the shared in-process DynamoDB Local. */
    @Override
    public DynamoDbClient client() {
        if (client == null) {
            throw new IllegalStateException("register DynamoDbLocalFixture as a static @RegisterExtension field");
        }
        return client;
    }

    /** This test's table name (no table is created until a test asks). */
    @Override
    public String tableName() {
        if (tableName == null) {
            throw new IllegalStateException("no test is running");
        }
        return tableName;
    }

    /** Another unused table name, for a test that needs more than one table. */
    public String newTableName() {
        // DynamoDB Local wants at least three characters; a counter keeps names unique per JVM.
        return "registry-it-" + TABLES.incrementAndGet();
    }

    /** Creates this test's table with the registry schema and returns its name. */
    @Override
    public String createRegistryTable() {
        RegistryTableSchema.createTable(client(), tableName());
        return tableName();
    }

    /**
     * DynamoDB Local's in-process client maps its own exceptions to SDK v2 ones only around the
     * method called on it: a paginator runs inside the database, and a missing table would surface as
     * DynamoDB Local's exception, not {@code ResourceNotFoundException}. Running the interface's own
     * paginator code on this wrapper sends each page through the mapped {@code query}/{@code scan},
     * as the SDK's client does.
     */
    static DynamoDbClient throughSdkMethods(DynamoDbClient embedded) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault() && method.getName().endsWith("Paginator")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(embedded, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }

    /** One DynamoDB Local per test JVM; JUnit closes it when the root store closes. */
    private static final class EmbeddedDynamoDb implements AutoCloseable {

        // true: no telemetry (DynamoDB Local would otherwise try to reach AWS and write a metadata
        // file into the working directory).
        private final AmazonDynamoDBLocal database = DynamoDBEmbedded.create(true);
        private final DynamoDbClient client = throughSdkMethods(database.dynamoDbClient());

        DynamoDbClient client() {
            return client;
        }

        @Override
        public void close() {
            client.close();
            database.shutdown();
        }
    }
}
