package io.modelfn.admin.contract;

/** A request to an admin function that does not fit its contract: unknown, missing or mistyped fields (400). */
public class InvalidAdminCallException extends RuntimeException {

    public InvalidAdminCallException(String message) {
        super(message);
    }
}
