package io.modelfn.registry.dynamodb;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Describes an SDK failure for an exception message or a log line: the service's error code, HTTP
 * status and message, or the client-side failure. Never the request or an item, which carry data.
 */
final class SdkFailures {

    private static final int MAX_MESSAGE = 200;

    private SdkFailures() {
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details.errorCode() == null ? service.getClass().getSimpleName() : details.errorCode();
            String message = details.errorMessage() == null ? "" : ": " + abbreviate(details.errorMessage());
            return code + " (HTTP " + service.statusCode() + ")" + message;
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage()));
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
