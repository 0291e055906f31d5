package io.modelfn.core.shadow;

/** An event that claims to be a shadow copy but cannot be read as one. */
public class InvalidShadowEventException extends RuntimeException {

    public InvalidShadowEventException(String message) {
        super(message);
    }

    public InvalidShadowEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
