package io.modelfn.core.protocol;

/** A request body in a content type the protocol does not speak. */
public class UnsupportedContentTypeException extends RuntimeException {

    public UnsupportedContentTypeException(String message) {
        super(message);
    }
}
