package io.modelfn.core.prediction;

/** Inputs that do not fit the model's signature: unknown or missing names, wrong types or shapes. */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
