package io.modelfn.registry.snapshot;

import io.modelfn.aws.lean.DynamoDbJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.registry.dynamodb.RegistryItemSet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The registry's snapshot object, format version {@value #SCHEMA_VERSION}:
 *
 * <pre>
 * {"schemaVersion": 1,
 *  "registryRevision": 42,                  the change marker's revision the copy reflects
 *  "changedAt": "2026-12-05T16:00:00Z",     when that revision was committed
 *  "checkedAt": "2026-12-05T16:05:00Z",     when the writer read the registry (and found that revision current)
 *  "endpoints": [item...], "versions": [item...], "aliases": [item...]}   the table's items, DynamoDB JSON
 * </pre>
 *
 * <p>The items are those the serving path reads from the table (the {@code kind} index), as stored, so
 * the object maps to a snapshot by the table reader's own rules. A reader refuses a format version
 * above its own; new fields are ignored.
 *
 * @param checkedAt when the registry was read for this copy: its age starts there
 */
public record SnapshotDocument(int schemaVersion, long registryRevision, Instant changedAt, Instant checkedAt,
        RegistryItemSet items) {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SnapshotDocument {
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(items, "items");
        if (registryRevision < 0) {
            throw new IllegalArgumentException("a registry revision is 0 or more, not " + registryRevision);
        }
    }

    /**
     * Whether the registry was read at least {@code settle} after the revision was committed, so the
     * eventually consistent index the items came from is trusted to show that revision.
     */
    public boolean settled(Duration settle) {
        return !checkedAt.isBefore(changedAt.plus(settle));
    }

    /**
     * Whether this copy may replace {@code other}: a newer revision, or the same one read no less
     * reliably (a settled copy is never replaced by an unsettled copy of the same revision).
     */
    public boolean mayReplace(SnapshotDocument other, Duration settle) {
        if (registryRevision != other.registryRevision) {
            return registryRevision > other.registryRevision;
        }
        return settled(settle) || !other.settled(settle);
    }

    public byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", schemaVersion);
        root.put("registryRevision", registryRevision);
        root.put("changedAt", changedAt.toString());
        root.put("checkedAt", checkedAt.toString());
        items(root.putArray("endpoints"), items.endpoints());
        items(root.putArray("versions"), items.versions());
        items(root.putArray("aliases"), items.aliases());
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the registry snapshot as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a snapshot object this version can read
     */
    public static SnapshotDocument parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the registry snapshot object is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the registry snapshot object is not a JSON object");
        }
        int schema = root.path("schemaVersion").asInt(-1);
        if (schema < 1 || schema > SCHEMA_VERSION) {
            throw new IllegalArgumentException("the registry snapshot object has schema version " + schema
                    + "; this version reads 1 to " + SCHEMA_VERSION);
        }
        try {
            return new SnapshotDocument(schema, root.path("registryRevision").asLong(-1),
                    Instant.parse(root.path("changedAt").asText()), Instant.parse(root.path("checkedAt").asText()),
                    new RegistryItemSet(items(root, "endpoints"), items(root, "versions"), items(root, "aliases")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the registry snapshot object has a bad time: " + e.getMessage(), e);
        }
    }

    private static void items(ArrayNode array, List<Map<String, AttributeValue>> items) {
        items.forEach(item -> array.add(DynamoDbJson.item(item)));
    }

    private static List<Map<String, AttributeValue>> items(JsonNode root, String field) {
        JsonNode array = root.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException("the registry snapshot object has no '" + field + "' list");
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(array.size());
        array.forEach(node -> items.add(DynamoDbJson.item(node)));
        return items;
    }

    @Override
    public String toString() {
        return "registry snapshot at revision " + registryRevision + " (checked " + checkedAt + ", "
                + items.endpoints().size() + " endpoints)";
    }
}
