package io.modelfn.core.registry.write;

/**
 * A write based on a stale revision, or one whose precondition no longer holds (the item changed
 * since the caller read it). Nothing was written; re-read and decide again. HTTP 409.
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
