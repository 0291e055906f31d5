package io.modelfn.core.protocol;

/** A body that must declare its length came without one (411). */
public class LengthRequiredException extends RuntimeException {

    public LengthRequiredException(String message) {
        super(message);
    }
}
