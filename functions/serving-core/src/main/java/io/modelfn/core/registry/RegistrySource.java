package io.modelfn.core.registry;

/** Where the snapshot being served came from; the value of the {@code RegistrySource} metric dimension. */
public enum RegistrySource {

    /** Read from the registry table. */
    TABLE("registry-table"),
    /**
     * The last-known-good copy the registry's writers keep in the model bucket: read at start when the
     * table could not be read.
     */
    SNAPSHOT_OBJECT("snapshot-object");

    private final String dimension;

    RegistrySource(String dimension) {
        this.dimension = dimension;
    }

    public String dimension() {
        return dimension;
    }
}
