package io.modelfn.rollout;

/** SNS refused a notice, or could not be reached ({@link SnsTopicPublisher}). */
public final class SnsPublishException extends RuntimeException {

    SnsPublishException(String message) {
        super(message);
    }

    SnsPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
