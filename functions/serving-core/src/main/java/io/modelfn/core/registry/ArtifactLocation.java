package io.modelfn.core.registry;

import java.util.Objects;

/**
 * Where a version's {@code model.onnx} lives: {@code s3://bucket/key} (with the S3 object version
 * when the bucket is versioned) or {@code local:<name>/<version>/model.onnx} relative to the local
 * model folder. Stores refuse any location outside their configured bucket, prefix or folder.
 *
 * @param versionId the S3 object version to read, or null
 */
public record ArtifactLocation(String uri, String versionId) {

    /** How {@link #toString()} and {@link #parse} write a pinned location after its URI. */
    public static final String VERSION_ID_SUFFIX = "?versionId=";

    public ArtifactLocation {
        Objects.requireNonNull(uri, "uri");
    }

    public static ArtifactLocation of(String uri) {
        return new ArtifactLocation(uri, null);
    }

    /**
     * Reads a location as {@link #toString()} writes it: {@code <uri>} or {@code <uri>?versionId=<id>}.
     * Nothing is checked here beyond the split; stores decide what they read.
     */
    public static ArtifactLocation parse(String text) {
        Objects.requireNonNull(text, "text");
        int at = text.lastIndexOf(VERSION_ID_SUFFIX);
        return at < 0 ? of(text) : new ArtifactLocation(text.substring(0, at), text.substring(at + VERSION_ID_SUFFIX.length()));
    }

    /** Whether this and {@code other} name the same object key, whatever versions they pin. */
    public boolean sameKey(ArtifactLocation other) {
        return uri.equals(other.uri);
    }

    public String scheme() {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon);
    }

    @Override
    public String toString() {
        return versionId == null ? uri : uri + VERSION_ID_SUFFIX + versionId;
    }
}
