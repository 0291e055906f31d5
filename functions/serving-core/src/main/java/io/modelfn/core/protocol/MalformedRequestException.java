package io.modelfn.core.protocol;

/** A request body that cannot be decoded: invalid JSON, wrong field types, unknown fields, bad tensors. */
public class MalformedRequestException extends RuntimeException {

    public MalformedRequestException(String message) {
        super(message);
    }
}
