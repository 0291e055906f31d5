package io.modelfn.aws.lean;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A lean call that failed on this side: no answer, credentials that cannot be had, an answer that cannot be
 * read. An {@link SdkClientException}, as the SDK's client would throw, so callers handle both alike.
 */
final class LeanCallException {

    private LeanCallException() {
    }

    static SdkClientException of(String message, Throwable cause) {
        return SdkClientException.builder().message(message).cause(cause).build();
    }
}
