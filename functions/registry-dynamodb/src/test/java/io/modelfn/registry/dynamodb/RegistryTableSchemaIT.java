package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.registry.RegistryUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class RegistryTableSchemaIT {

    @RegisterExtension
    static final DynamoDbLocalFixture dynamo = new DynamoDbLocalFixture();

    @Test
    void createTable_should_leave_an_active_table_with_an_active_kind_index() {
        // WHEN the registry table is created
        RegistryTableSchema.createTable(dynamo.client(), dynamo.tableName());

        // THEN it and its index are active, keyed as the schema says
        TableDescription table = dynamo.client().describeTable(b -> b.tableName(dynamo.tableName())).table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.keySchema()).extracting(k -> k.attributeName()).containsExactly("PK", "SK");
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("kind-index");
            assertThat(index.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
            assertThat(index.keySchema()).extracting(k -> k.attributeName()).containsExactly("kind", "PK");
        });
    }

    @Test
    void createTable_should_turn_on_time_to_live_on_the_ttl_attribute() {
        // WHEN the registry table is created, once directly and once through ensureTable
        RegistryTableSchema.createTable(dynamo.client(), dynamo.tableName());
        String ensured = dynamo.newTableName();
        RegistryTableSchema.ensureTable(dynamo.client(), ensured);

        // THEN both expire items by their "ttl" (the idempotency records)
        for (String table : List.of(dynamo.tableName(), ensured)) {
            TimeToLiveDescription ttl = dynamo.client().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo(RegistryTableSchema.TTL).isEqualTo("ttl");
            assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        }
    }

    @Test
    void ensureTable_should_create_once_and_then_do_nothing() {
        // GIVEN no table
        // WHEN ensureTable runs twice
        boolean first = RegistryTableSchema.ensureTable(dynamo.client(), dynamo.tableName());
        boolean second = RegistryTableSchema.ensureTable(dynamo.client(), dynamo.tableName());

        // THEN the first call created it and the second left it alone
        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void createTable_should_refuse_when_the_table_exists() {
        // GIVEN the table exists
        dynamo.createRegistryTable();

        // WHEN it is created again / THEN the refusal says why and keeps DynamoDB's answer as the cause
        assertThatThrownBy(() -> RegistryTableSchema.createTable(dynamo.client(), dynamo.tableName()))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(dynamo.tableName())
                .hasCauseInstanceOf(ResourceInUseException.class);
    }
}
