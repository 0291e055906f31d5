package io.modelfn.core.protocol;

/** The client accepts no response format we can produce. */
public class NotAcceptableException extends RuntimeException {

    public NotAcceptableException(String message) {
        super(message);
    }
}
