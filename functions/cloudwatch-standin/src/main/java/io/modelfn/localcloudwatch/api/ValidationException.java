package io.modelfn.localcloudwatch.api;

/** A request the CloudWatch API would refuse as the caller's mistake (400, code ValidationError). */
final class ValidationException extends RuntimeException {

    ValidationException(String message) {
        super(message);
    }
}
