package io.modelfn.core.registry.write;

/** An idempotency key already used for a different request. HTTP 422. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("idempotency key '" + (key.length() > 64 ? key.substring(0, 64) + "..." : key)
                + "' was already used for a different request");
    }
}
