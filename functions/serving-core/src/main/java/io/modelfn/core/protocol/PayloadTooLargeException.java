package io.modelfn.core.protocol;

/** A request body over the configured size limit. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes");
    }
}
