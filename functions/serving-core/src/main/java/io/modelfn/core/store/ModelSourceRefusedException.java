package io.modelfn.core.store;

/** A model location outside the configured bucket, prefix or folder (or of a scheme we never fetch). */
public class ModelSourceRefusedException extends RuntimeException {

    public ModelSourceRefusedException(String message) {
        super(message);
    }
}
