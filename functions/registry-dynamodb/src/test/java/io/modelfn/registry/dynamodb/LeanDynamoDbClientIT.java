package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.aws.clients.ClientUse;
import io.modelfn.aws.lean.LeanClients;
import io.modelfn.aws.lean.LeanDynamoDbClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The lean DynamoDB client against DynamoDB Local, checked against the SDK's own client on the same table: what
 * one writes the other reads back, attribute types, pages and errors included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeanDynamoDbClientIT {

    private static final String TABLE = "lean-items";

    private DynamoDbLocalServer server;
    private DynamoDbClient sdk;
    private DynamoDbClient lean;

    @BeforeAll
    void start() {
        server = DynamoDbLocalServer.start();
        sdk = server.client();
        sdk.createTable(t -> t.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
        lean = LeanClients.from(Optional.of("us-east-1"), Map.of("AWS_ACCESS_KEY_ID", "local",
                        "AWS_SECRET_ACCESS_KEY", "local"))
                .orElseThrow()
                .dynamoDb(ClientUse.REGISTRY_READ, Duration.ofSeconds(3), Optional.of(server.endpoint()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void getItem_should_read_every_attribute_type_as_the_sdk_wrote_it() {
        // GIVEN an item with each of DynamoDB's types, nested ones included, written by the SDK's client
        Map<String, AttributeValue> item = Map.ofEntries(
                Map.entry("pk", AttributeValue.fromS("types")),
                Map.entry("sk", AttributeValue.fromN("1")),
                Map.entry("s", AttributeValue.fromS("ünïcode \"quoted\"")),
                Map.entry("n", AttributeValue.fromN("-12.5e3")),
                Map.entry("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff}))),
                Map.entry("ss", AttributeValue.fromSs(List.of("a", "b"))),
                Map.entry("ns", AttributeValue.fromNs(List.of("1", "2.5"))),
                Map.entry("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x")))),
                Map.entry("bool", AttributeValue.fromBool(false)),
                Map.entry("nul", AttributeValue.fromNul(true)),
                Map.entry("l", AttributeValue.fromL(List.of(AttributeValue.fromS("e"), AttributeValue.fromN("7")))),
                Map.entry("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of(
                        "deep", AttributeValue.fromL(List.of(AttributeValue.fromBool(true)))))))));
        sdk.putItem(p -> p.tableName(TABLE).item(item));

        // WHEN the lean client reads it, strongly consistent
        Map<String, AttributeValue> read = lean.getItem(g -> g.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("types"), "sk", AttributeValue.fromN("1")))).item();

        // THEN it is the item written, and an absent item reads as none
        assertThat(read).isEqualTo(sdk.getItem(g -> g.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("types"), "sk", AttributeValue.fromN("1")))).item());
        assertThat(read.get("s").s()).isEqualTo("ünïcode \"quoted\"");
        assertThat(read.get("b").b().asByteArray()).containsExactly(0, 1, 0xff);
        assertThat(lean.getItem(g -> g.tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS("absent"), "sk", AttributeValue.fromN("1")))).hasItem()).isFalse();
        // and so does the lean client's own GetItem
        LeanDynamoDbClient own = (LeanDynamoDbClient) lean;
        assertThat(own.itemAt(TABLE, Map.of("pk", AttributeValue.fromS("types"), "sk", AttributeValue.fromN("1")), true))
                .isEqualTo(read);
        assertThat(own.itemAt(TABLE, Map.of("pk", AttributeValue.fromS("absent"), "sk", AttributeValue.fromN("1")), false))
                .isEmpty();
    }

    @Test
    void the_query_paginator_should_follow_every_page_as_the_sdk_does() {
        // GIVEN 25 items under one key
        for (int i = 0; i < 25; i++) {
            int sk = i;
            sdk.putItem(p -> p.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("pages"),
                    "sk", AttributeValue.fromN(Integer.toString(sk)), "v", AttributeValue.fromS("v" + sk))));
        }
        QueryRequest request = QueryRequest.builder().tableName(TABLE).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", "pk"))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("pages")))
                .limit(4)
                .build();

        // WHEN the lean client's paginator reads them, four a page
        List<Map<String, AttributeValue>> leanItems = new ArrayList<>();
        lean.queryPaginator(request).items().forEach(leanItems::add);
        List<Map<String, AttributeValue>> sdkItems = new ArrayList<>();
        sdk.queryPaginator(request).items().forEach(sdkItems::add);

        // and by the lean client's own query, which loads none of the SDK's Query classes
        List<Map<String, AttributeValue>> queried = ((LeanDynamoDbClient) lean).queryItems(TABLE, null, "#pk = :pk",
                Map.of("#pk", "pk"), Map.of(":pk", AttributeValue.fromS("pages")));

        // THEN both have all 25, in the SDK's order
        assertThat(leanItems).hasSize(25).isEqualTo(sdkItems);
        assertThat(queried).isEqualTo(sdkItems);
        assertThat(lean.query(request).lastEvaluatedKey()).containsKeys("pk", "sk");
    }

    @Test
    void a_cancelled_transaction_should_throw_the_sdks_exception_with_its_reasons_and_change_nothing() {
        // GIVEN an item that exists
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("txn"), "sk", AttributeValue.fromN("1"));
        sdk.putItem(p -> p.tableName(TABLE).item(Map.of("pk", key.get("pk"), "sk", key.get("sk"),
                "count", AttributeValue.fromN("1"))));

        // WHEN a transaction puts it only if it does not exist
        // THEN DynamoDB cancels it, and the lean client throws what the SDK's client would
        assertThatThrownBy(() -> lean.transactWriteItems(t -> t.transactItems(i -> i.put(p -> p.tableName(TABLE)
                        .item(Map.of("pk", key.get("pk"), "sk", key.get("sk"), "count", AttributeValue.fromN("2")))
                        .conditionExpression("attribute_not_exists(pk)")))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TransactionCanceledException");
                    assertThat(e.hasCancellationReasons()).isTrue();
                    assertThat(e.cancellationReasons().get(0).code()).isEqualTo("ConditionalCheckFailed");
                });
        assertThat(sdk.getItem(g -> g.tableName(TABLE).key(key).consistentRead(true)).item().get("count").n())
                .isEqualTo("1");
    }

    @Test
    void updateItem_should_answer_the_new_values() {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("counter"), "sk", AttributeValue.fromN("1"));

        var first = lean.updateItem(u -> u.tableName(TABLE).key(key).updateExpression("ADD #c :one")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW));
        var second = lean.updateItem(u -> u.tableName(TABLE).key(key).updateExpression("ADD #c :one")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW));

        assertThat(first.attributes().get("count").n()).isEqualTo("1");
        assertThat(second.attributes().get("count").n()).isEqualTo("2");
    }

    @Test
    void the_endpoint_should_come_from_AWS_ENDPOINT_URL_DYNAMODB_as_the_sdks_does() {
        // GIVEN a client whose endpoint is only in the environment, as the SDK's clients read it
        DynamoDbClient configured = LeanClients.from(Optional.of("us-east-1"), Map.of("AWS_ACCESS_KEY_ID", "local",
                        "AWS_SECRET_ACCESS_KEY", "local", "AWS_ENDPOINT_URL_DYNAMODB", server.endpoint(),
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:9/not-this-one"))
                .orElseThrow()
                .dynamoDb(ClientUse.REGISTRY_READ, Duration.ofSeconds(3), Optional.empty());
        sdk.putItem(p -> p.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("configured"),
                "sk", AttributeValue.fromN("1"))));

        // WHEN it reads / THEN it reached DynamoDB Local (the service's variable wins over the global one)
        assertThat(configured.getItem(g -> g.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("configured"), "sk", AttributeValue.fromN("1")))).hasItem()).isTrue();
    }

    @Test
    void a_missing_table_should_throw_the_sdks_resource_not_found_exception() {
        assertThatThrownBy(() -> lean.getItem(g -> g.tableName("no-such-table")
                        .key(Map.of("pk", AttributeValue.fromS("x"), "sk", AttributeValue.fromN("1")))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).isNotBlank();
                });
    }
}
