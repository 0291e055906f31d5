package io.modelfn.registry.dynamodb;

/**
 * A registry item that cannot be mapped to the domain: an attribute is missing, has the wrong type
 * or an invalid value. The message names the item's key and the problem, never attribute values.
 */
public class MalformedRegistryItemException extends RuntimeException {

    private final String itemKey;

    public MalformedRegistryItemException(String itemKey, String problem) {
        super("registry item " + itemKey + ": " + problem);
        this.itemKey = itemKey;
    }

    public MalformedRegistryItemException(String itemKey, String problem, Throwable cause) {
        super("registry item " + itemKey + ": " + problem, cause);
        this.itemKey = itemKey;
    }

    /** {@code PK / SK} of the item, or what was known of it. */
    public String itemKey() {
        return itemKey;
    }
}
