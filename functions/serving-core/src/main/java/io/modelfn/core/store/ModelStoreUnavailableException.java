package io.modelfn.core.store;

/** The model store cannot be reached or answered with a failure of its own. */
public class ModelStoreUnavailableException extends RuntimeException {

    public ModelStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
