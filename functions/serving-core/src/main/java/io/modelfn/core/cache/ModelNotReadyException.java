package io.modelfn.core.cache;

/** The model is still loading after the request's wait; the load goes on and a retry may find it warm. */
public class ModelNotReadyException extends RuntimeException {

    public ModelNotReadyException(String message) {
        super(message);
    }
}
