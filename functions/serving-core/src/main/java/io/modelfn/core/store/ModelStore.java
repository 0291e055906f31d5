package io.modelfn.core.store;

import io.modelfn.core.registry.ArtifactLocation;
import java.io.InputStream;

/**
 * Port: where model artifacts are read from (S3, a local folder). A store reads only inside its
 * configured bucket and prefix, or its folder; every other location is refused, whatever the
 * registry says, so a tampered registry item cannot make us fetch an arbitrary URL or file.
 *
 * <p>Implementations are thread-safe.
 */
public interface ModelStore {

    /**
     * Opens the artifact for reading; the caller closes the stream.
     *
     * @throws ModelSourceRefusedException when the location is outside this store's allowed root
     * @throws ArtifactNotFoundException when nothing is stored there (or not that object version)
     * @throws ModelStoreUnavailableException when the store cannot be reached now
     */
    InputStream open(ArtifactLocation location);

    /**
     * Opens the artifact like {@link #open} and says which object version is read: the location's own
     * version id when it names one, otherwise the version that is current now. A versioned bucket
     * always answers a version id; a store that keeps no versions (a folder, an unversioned bucket)
     * answers null, whatever the location names.
     *
     * @throws ModelSourceRefusedException when the location is outside this store's allowed root
     * @throws ArtifactNotFoundException when nothing is stored there (or not that object version)
     * @throws ModelStoreUnavailableException when the store cannot be reached now
     */
    OpenedArtifact openWithVersion(ArtifactLocation location);

    /** Whether {@link #open} would accept this location (it may still not exist). */
    boolean accepts(ArtifactLocation location);

    /** A short description for logs and errors, e.g. {@code s3://bucket/models/}. */
    String describe();
}
