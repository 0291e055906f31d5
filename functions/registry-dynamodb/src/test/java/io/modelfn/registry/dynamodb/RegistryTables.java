package io.modelfn.registry.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a contract test of the DynamoDB adapters gets its database: a client, and a table name of
 * its own for each test. {@link DynamoDbLocalFixture} serves it in process; {@link LocalStackRegistryTables}
 * from LocalStack.
 */
public interface RegistryTables {

    /** A client of the database; thread-safe. */
    DynamoDbClient client();

    /** This test's table name (no table is created until a test asks). */
    String tableName();

    /** Creates this test's table with the registry schema and returns its name. */
    default String createRegistryTable() {
        RegistryTableSchema.createTable(client(), tableName());
        return tableName();
    }
}
