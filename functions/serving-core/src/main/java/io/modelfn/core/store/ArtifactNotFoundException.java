package io.modelfn.core.store;

/** No artifact is stored at a location (or not the pinned object version). */
public class ArtifactNotFoundException extends RuntimeException {

    public ArtifactNotFoundException(String message) {
        super(message);
    }
}
