package io.modelfn.core.registry;

/**
 * Where the registry's last-known-good copy lives in the model bucket. The functions read the key from
 * configuration; the CDK app sets that configuration and grants access to exactly this key from here.
 */
public final class SnapshotObjectKey {

    /** Outside the model prefix ({@code models/}), so no model listing or model grant covers it. */
    public static final String DEFAULT = "registry/snapshot.json";

    private SnapshotObjectKey() {
    }
}
