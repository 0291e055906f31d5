package io.modelfn.api.http;

/** A call that must be authenticated came without valid credentials (401); the message says what to send. */
public class AuthenticationRequiredException extends RuntimeException {

    public AuthenticationRequiredException(String message) {
        super(message);
    }
}
