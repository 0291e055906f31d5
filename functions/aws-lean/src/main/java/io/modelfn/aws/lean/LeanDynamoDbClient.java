package io.modelfn.aws.lean;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB's item operations (get, put, update, delete, query, scan, their batch and transactional forms and the
 * paginators built on them) without the SDK's client runtime: what the prediction function calls. The table
 * operations (create, describe, streams, backups...) are not here: they throw {@link UnsupportedOperationException},
 * as the SDK's interface does for an operation a client does not implement, and belong to the SDK's client.
 *
 * <p>Thread-safe.
 */
public final class LeanDynamoDbClient implements DynamoDbClient, RenewableClient {

    private final JsonService service;
    private final RenewableClient renewal;

    LeanDynamoDbClient(JsonService service, RenewableClient renewal) {
        this.service = service;
        this.renewal = renewal;
    }

    @Override
    public void renew() {
        renewal.renew();
    }

    /**
     * Every item a Query matches, page after page, as {@code queryPaginator(request).items()} would give them, without
     * the SDK's Query request, response and paginator classes (a cold start's registry read loads none of them).
     *
     * @param index null for the table itself
     */
    public List<Map<String, AttributeValue>> queryItems(String table, String index, String keyCondition,
            Map<String, String> names, Map<String, AttributeValue> values) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            JsonNode page = service.call("Query", ItemJson.query(table, index, keyCondition, names, values, start));
            try {
                for (JsonNode item : page.path("Items")) {
                    items.add(DynamoDbJson.item(item));
                }
                JsonNode last = page.get("LastEvaluatedKey");
                start = last == null || last.isEmpty() ? null : DynamoDbJson.item(last);
            } catch (IllegalArgumentException e) {
                throw LeanCallException.of("dynamodb Query answered what cannot be read: " + e.getMessage(), e);
            }
        } while (start != null);
        return items;
    }

    /**
     * The item at {@code key}, or an empty map when there is none, as {@code getItem(...).item()} would give it,
     * without the SDK's GetItem request and response classes.
     */
    public Map<String, AttributeValue> itemAt(String table, Map<String, AttributeValue> key, boolean consistentRead) {
        JsonNode answer = service.call("GetItem", ItemJson.getItem(table, key, consistentRead));
        JsonNode item = answer.get("Item");
        try {
            return item == null || item.isNull() ? Map.of() : DynamoDbJson.item(item);
        } catch (IllegalArgumentException e) {
            throw LeanCallException.of("dynamodb GetItem answered what cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return service.call("GetItem", request, GetItemResponse.builder());
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return service.call("PutItem", request, PutItemResponse.builder());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return service.call("UpdateItem", request, UpdateItemResponse.builder());
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return service.call("DeleteItem", request, DeleteItemResponse.builder());
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return service.call("Query", request, QueryResponse.builder());
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return service.call("Scan", request, ScanResponse.builder());
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return service.call("BatchGetItem", request, BatchGetItemResponse.builder());
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return service.call("BatchWriteItem", request, BatchWriteItemResponse.builder());
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return service.call("TransactGetItems", request, TransactGetItemsResponse.builder());
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return service.call("TransactWriteItems", request, TransactWriteItemsResponse.builder());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        throw new UnsupportedOperationException("a lean client has no SDK client configuration");
    }

    @Override
    public void close() {
        // nothing held: the JDK keeps its idle connections
    }

    static JsonService service(LeanTransport transport, URI endpoint) {
        return new JsonService("dynamodb", "DynamoDB_20120810", "application/x-amz-json-1.0", endpoint,
                DynamoDbException.class.getPackageName(), DynamoDbException::builder, true, transport);
    }
}
