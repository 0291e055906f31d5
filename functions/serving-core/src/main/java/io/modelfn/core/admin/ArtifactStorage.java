package io.modelfn.core.admin;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;

/**
 * Port: the write side of the model bucket (or folder), for the admin function only; the prediction
 * function has no such rights. Implementations are thread-safe.
 */
public interface ArtifactStorage {

    /**
     * Where and how a client uploads a version's artifact: a pre-signed URL valid for a short time,
     * so large models never pass through the admin function. Callers check first that the key is
     * free (artifact keys are immutable, see {@link VersionRegistration#prepareUpload}).
     */
    UploadTicket prepareUpload(ModelKey key);

    /**
     * Whether an object is stored at the location's key now (any version pinned in the location is
     * ignored): an upload there would replace what someone may have registered or be registering.
     *
     * @throws io.modelfn.core.store.ModelStoreUnavailableException when the store cannot be asked now
     */
    boolean exists(ArtifactLocation location);

    /** Deletes an artifact (retention clean-up); a missing artifact is not an error. */
    void delete(ArtifactLocation location);

    /** The location {@code models/<name>/<version>/model.onnx} under the configured bucket or folder. */
    ArtifactLocation locationOf(ModelKey key);
}
