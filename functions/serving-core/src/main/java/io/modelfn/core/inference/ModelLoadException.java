package io.modelfn.core.inference;

/** A model version could not be made ready: download, verification or session creation failed. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
