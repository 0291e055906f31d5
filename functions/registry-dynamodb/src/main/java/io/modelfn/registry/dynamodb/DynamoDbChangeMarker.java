package io.modelfn.registry.dynamodb;

import io.modelfn.aws.lean.LeanDynamoDbClient;
import io.modelfn.core.registry.RegistryChangeMarker;
import io.modelfn.core.registry.RegistryRevision;
import io.modelfn.core.registry.RegistryUnavailableException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The registry's change marker on the registry table: one {@code GetItem} of the {@code REGISTRY}/{@code REVISION}
 * item ({@link RegistryTableSchema#REGISTRY_PK}), which every registry transaction increments. Serving
 * environments read it eventually consistent (half a read unit for an item under 4 KB); the snapshot
 * publisher reads it strongly consistent, so the copy it writes is tagged with a revision it has seen.
 *
 * <p>Thread-safe: the DynamoDB client is, and the marker keeps no state.
 */
public final class DynamoDbChangeMarker implements RegistryChangeMarker {

    private final DynamoDbClient client;
    private final String tableName;
    private final boolean consistentRead;

    public DynamoDbChangeMarker(DynamoDbClient client, String tableName, boolean consistentRead) {
        this.client = Objects.requireNonNull(client, "client");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the registry table name must be configured");
        }
        this.tableName = tableName;
        this.consistentRead = consistentRead;
    }

    /**
     * Moves the marker for a write made outside the registry's transactions (a seeding), so serving
     * environments re-read the registry.
     *
     * @throws RegistryUnavailableException when the table cannot be written now
     */
    public static void markChanged(DynamoDbClient client, String tableName, Instant now) {
        try {
            client.transactWriteItems(t -> t.transactItems(RegistryTransactions.revisionIncrement(tableName, now)));
        } catch (SdkException e) {
            throw new RegistryUnavailableException("cannot mark registry table '" + tableName + "' as changed: "
                    + SdkFailures.describe(e), e);
        }
    }

    @Override
    public RegistryRevision current() {
        Map<String, AttributeValue> item;
        try {
            item = client instanceof LeanDynamoDbClient lean
                    ? lean.itemAt(tableName, RegistryTableSchema.revisionKey(), consistentRead)
                    : client.getItem(b -> b.tableName(tableName).key(RegistryTableSchema.revisionKey())
                            .consistentRead(consistentRead)).item();
        } catch (SdkException e) {
            throw new RegistryUnavailableException(
                    "registry table '" + tableName + "' cannot be read: " + SdkFailures.describe(e), e);
        }
        if (item == null || item.isEmpty()) {
            return RegistryRevision.NONE;
        }
        AttributeValue revision = item.get(RegistryTableSchema.REVISION);
        AttributeValue changedAt = item.get(RegistryTableSchema.CHANGED_AT);
        try {
            if (revision == null || revision.n() == null) {
                throw new NumberFormatException("no numeric " + RegistryTableSchema.REVISION);
            }
            return new RegistryRevision(Long.parseLong(revision.n()),
                    changedAt == null || changedAt.s() == null ? Instant.EPOCH : Instant.parse(changedAt.s()));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new RegistryUnavailableException("the change marker of registry table '" + tableName
                    + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
