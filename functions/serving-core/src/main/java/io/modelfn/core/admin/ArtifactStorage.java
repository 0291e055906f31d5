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
     * so large models never pass through the admin function.
     */
    UploadTicket prepareUpload(ModelKey key);

    /** Deletes an artifact (retention clean-up); a missing artifact is not an error. */
    void delete(ArtifactLocation location);

    /** The location {@code models/<name>/<version>/model.onnx} under the configured bucket or folder. */
    ArtifactLocation locationOf(ModelKey key);
}
