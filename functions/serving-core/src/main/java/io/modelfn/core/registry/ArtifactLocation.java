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

    public ArtifactLocation {
        Objects.requireNonNull(uri, "uri");
    }

    public static ArtifactLocation of(String uri) {
        return new ArtifactLocation(uri, null);
    }

    public String scheme() {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon);
    }

    @Override
    public String toString() {
        return versionId == null ? uri : uri + "?versionId=" + versionId;
    }
}
