package io.modelfn.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An artifact opened for reading, with the object version being read: what registration records, so
 * that every later read gets exactly the bytes it validated.
 *
 * @param stream the artifact's bytes; the caller closes it (closing this record closes it)
 * @param versionId the S3 object version the bytes are, or null where the store keeps no versions (a
 *     folder, an unversioned bucket)
 */
public record OpenedArtifact(InputStream stream, String versionId) implements Closeable {

    public OpenedArtifact {
        Objects.requireNonNull(stream, "stream");
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
