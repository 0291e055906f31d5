package io.modelfn.core.registry;

/**
 * The registry table's key names: the partition and sort key, the one secondary index and its key,
 * and the time-to-live attribute. They are the contract between the DynamoDB adapter
 * ({@code RegistryTableSchema} in registry-dynamodb, which reads and writes the items) and the CDK
 * app (which creates the table and grants on the index), so both take them from here and neither
 * depends on the other. The feedback table uses the same key and TTL names.
 *
 * <p>Only names live here; item formats, key prefixes and the table's creation stay with the adapter.
 * Thread-safe (constants).
 */
public final class RegistryTableKeys {

    /** The partition key (a string). */
    public static final String PK = "PK";
    /** The sort key (a string). */
    public static final String SK = "SK";
    /** The attribute the serving path's index is keyed on (ENDPOINT, VERSION, ALIAS). */
    public static final String KIND = "kind";
    /** The global secondary index: {@link #KIND} as partition key, {@link #PK} as sort key, all attributes. */
    public static final String KIND_INDEX = "kind-index";
    /** The time-to-live attribute (a number: epoch seconds). */
    public static final String TTL = "ttl";

    private RegistryTableKeys() {
    }
}
