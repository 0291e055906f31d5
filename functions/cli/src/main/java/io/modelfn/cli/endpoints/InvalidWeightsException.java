package io.modelfn.cli.endpoints;

/** Traffic weights or variant specifications that cannot be sent: bad syntax, or not adding up to 100%. */
final class InvalidWeightsException extends RuntimeException {

    InvalidWeightsException(String message) {
        super(message);
    }
}
