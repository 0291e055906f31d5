package io.modelfn.aws.lean;

import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * Per-request overrides (timeouts, credentials, headers, signers, plugins, endpoints) belong to the SDK client
 * runtime, which the lean clients do not have: a request that carries one is refused rather than sent without it.
 * API names alone pass: they only name the caller in the SDK's user agent, and the SDK's own paginators add one
 * to every page's request.
 */
final class Overrides {

    private Overrides() {
    }

    static void refuse(AwsRequest request) {
        AwsRequestOverrideConfiguration overrides = request.overrideConfiguration().orElse(null);
        if (overrides == null) {
            return;
        }
        boolean applied = !overrides.headers().isEmpty() || !overrides.rawQueryParameters().isEmpty()
                || overrides.apiCallTimeout().isPresent() || overrides.apiCallAttemptTimeout().isPresent()
                || overrides.signer().isPresent() || !overrides.metricPublishers().isEmpty()
                || !overrides.plugins().isEmpty() || overrides.endpointProvider().isPresent()
                || overrides.compressionConfiguration().isPresent() || overrides.credentialsIdentityProvider().isPresent()
                || overrides.tokenIdentityProvider().isPresent();
        if (applied) {
            throw new UnsupportedOperationException("a lean client does not apply a request's override configuration ("
                    + request.getClass().getSimpleName() + "): use the SDK's client");
        }
    }
}
