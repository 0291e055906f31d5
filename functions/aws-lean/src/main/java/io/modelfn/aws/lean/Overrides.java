package io.modelfn.aws.lean;

import software.amazon.awssdk.awscore.AwsRequest;

/**
 * Per-request overrides (timeouts, credentials, headers, an API name) are the SDK client runtime's, which the lean
 * clients do not have: a request that carries them is refused rather than sent without them.
 */
final class Overrides {

    private Overrides() {
    }

    static void refuse(AwsRequest request) {
        if (request.overrideConfiguration().isPresent()) {
            throw new UnsupportedOperationException("a lean client does not apply a request's override configuration ("
                    + request.getClass().getSimpleName() + "): use the SDK's client");
        }
    }
}
