package io.modelfn.core.inference;

/** The inference runtime failed on inputs that passed the signature check. */
public class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
