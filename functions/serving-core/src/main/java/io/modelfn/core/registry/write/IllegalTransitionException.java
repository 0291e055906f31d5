package io.modelfn.core.registry.write;

/**
 * A change the version's or the registry's state does not allow: a lifecycle transition that is not
 * legal, traffic for a version that is not validated, archiving a version still in use. HTTP 409.
 */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
