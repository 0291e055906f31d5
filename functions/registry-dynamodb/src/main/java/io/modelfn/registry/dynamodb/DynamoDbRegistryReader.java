package io.modelfn.registry.dynamodb;

import io.modelfn.aws.lean.LeanDynamoDbClient;
import io.modelfn.core.registry.RegistryReader;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads the registry snapshot from the registry table with three paginated queries on
 * {@value RegistryTableSchema#KIND_INDEX} (endpoints, versions, aliases). Never a scan: the index
 * holds only the items the serving path needs, so a read costs what it returns, not the table's
 * cards and audit history.
 *
 * <p>The index is eventually consistent: a change shows up within about a second. Each endpoint is
 * one item, so its weights are never seen half-changed. Endpoints are read before versions, so a
 * version an endpoint was just pointed at (the write side registers versions first) is in the
 * snapshot too.
 *
 * <p>An item that cannot be mapped is skipped, and logged at WARNING the first time this reader
 * meets it, rather than costing every endpoint its refresh.
 *
 * <p>Thread-safe: the DynamoDB client is, and the reader keeps no state but the set of items it
 * has warned about.
 */
public final class DynamoDbRegistryReader implements RegistryReader {

    private static final Logger LOG = Logger.getLogger(DynamoDbRegistryReader.class.getName());
    /** Bounds the memory of warned-about items if a writer goes badly wrong. */
    private static final int MAX_REMEMBERED_BAD_ITEMS = 1_000;

    private final DynamoDbClient client;
    private final String tableName;
    private final Set<String> warnedItems = ConcurrentHashMap.newKeySet();

    public DynamoDbRegistryReader(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the registry table name must be configured");
        }
        this.tableName = tableName;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code readAt} is this machine's clock; the snapshot cache stamps snapshots with its own.
     */
    @Override
    public RegistrySnapshot read() {
        return readItems().toSnapshot(Instant.now(), this::skip);
    }

    /**
     * The endpoint, version and alias items as stored, endpoints first.
     *
     * @throws RegistryUnavailableException when the table cannot be read now
     */
    public RegistryItemSet readItems() {
        try {
            // Endpoints before versions: a version an endpoint was just pointed at (the write side
            // registers versions first) is then in the read too.
            List<Map<String, AttributeValue>> endpoints = query(RegistryTableSchema.KIND_ENDPOINT);
            List<Map<String, AttributeValue>> versions = query(RegistryTableSchema.KIND_VERSION);
            List<Map<String, AttributeValue>> aliases = query(RegistryTableSchema.KIND_ALIAS);
            return new RegistryItemSet(endpoints, versions, aliases);
        } catch (SdkException e) {
            throw new RegistryUnavailableException(
                    "registry table '" + tableName + "' cannot be read: " + SdkFailures.describe(e), e);
        }
    }

    private List<Map<String, AttributeValue>> query(String kind) {
        if (client instanceof LeanDynamoDbClient lean) {
            // The same query without the SDK's Query request, response and paginator classes: a cold start's read.
            return lean.queryItems(tableName, RegistryTableSchema.KIND_INDEX, "#kind = :kind",
                    Map.of("#kind", RegistryTableSchema.KIND), Map.of(":kind", AttributeValue.fromS(kind)));
        }
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(RegistryTableSchema.KIND_INDEX)
                .keyConditionExpression("#kind = :kind")
                .expressionAttributeNames(Map.of("#kind", RegistryTableSchema.KIND))
                .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind)))
                .build();
        // The paginator follows LastEvaluatedKey: one page holds at most 1 MB.
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.queryPaginator(request).items().forEach(items::add);
        return items;
    }

    /** Logs an item that cannot be mapped: at WARNING the first time this reader meets it. */
    void skip(MalformedRegistryItemException e) {
        boolean first = warnedItems.size() < MAX_REMEMBERED_BAD_ITEMS && warnedItems.add(e.getMessage());
        LOG.log(first ? Level.WARNING : Level.FINE, "skipping a registry item that cannot be read: {0}",
                e.getMessage());
    }
}
