package io.modelfn.core.cache;

import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStoreUnavailableException;

/**
 * Where one version stands in the model cache, as {@link ModelCache#warm} reports it without waiting.
 *
 * @param phase loaded, loading, or failed (and remembered for the cache's failure back-off)
 * @param failure why the last load failed; null unless {@code phase} is {@link Phase#FAILED}
 */
public record LoadState(Phase phase, Throwable failure) {

    public enum Phase {
        LOADED,
        LOADING,
        FAILED
    }

    static final LoadState LOADED = new LoadState(Phase.LOADED, null);
    static final LoadState LOADING = new LoadState(Phase.LOADING, null);

    static LoadState failed(Throwable failure) {
        return new LoadState(Phase.FAILED, failure);
    }

    /**
     * What went wrong, in words a client may read: the kind of failure only. The exception's own
     * message names folders, buckets and files, and goes to the logs.
     */
    public String failureReason() {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidModelArtifactException) {
                return "the artifact does not match its registry entry (digest, size or format)";
            }
            if (cause instanceof ArtifactNotFoundException) {
                return "the artifact is missing from the model store";
            }
            if (cause instanceof ModelSourceRefusedException) {
                return "the artifact's location is outside the model store";
            }
            if (cause instanceof ModelStoreUnavailableException) {
                return "the model store could not be read";
            }
        }
        return failure == null ? null : "the inference engine could not load it";
    }
}
