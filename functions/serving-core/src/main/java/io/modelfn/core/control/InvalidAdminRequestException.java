package io.modelfn.core.control;

/** An admin request that breaks a rule: bad weights, unknown fields, a refused model source. HTTP 400. */
public class InvalidAdminRequestException extends RuntimeException {

    public InvalidAdminRequestException(String message) {
        super(message);
    }
}
