package io.modelfn.aws.clients;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * What an AWS client is for, and so how long each of its calls may take and how it retries. The
 * configured timeout ({@code modelfn.aws.api-call-timeout}, 3 s by default; the backend timeout for
 * SageMaker) is the base; each use says what it makes of it. The table is repeated in
 * {@link AwsClientFactory} and in the module README.
 */
public enum ClientUse {

    /** DynamoDB reads of the prediction function (registry snapshot, feedback): on the request path, bounded per attempt. */
    REGISTRY_READ(true, 3, RetryMode.STANDARD),
    /** DynamoDB writes of the admin API and the rollout function: guarded transactions, safe to retry (idempotency tokens). */
    REGISTRY_WRITE(true, 3, RetryMode.STANDARD),
    /** S3 model downloads (and the admin's reads of uploaded artifacts): bounded per attempt until the body streams. */
    MODEL_DOWNLOAD(true, 3, RetryMode.STANDARD),
    /** SageMaker runtime calls to a GPU endpoint: the whole call within the backend timeout, no per-attempt bound. */
    SAGEMAKER_RUNTIME(false, 1, RetryMode.STANDARD),
    /** CloudWatch reads of the rollout function (alarm states, canary request counts). */
    CLOUDWATCH(true, 3, RetryMode.STANDARD),
    /** Lambda alias moves of the rollout function. */
    LAMBDA(true, 3, RetryMode.STANDARD),
    /**
     * The prediction function's asynchronous invocations of itself that carry shadow copies: on the caller's
     * path, so the whole call, a fast retry included, fits one timeout T (a short one, {@code modelfn.shadow.invoke-timeout}).
     */
    SHADOW_INVOKE(true, 1, RetryMode.STANDARD),
    /** Secrets Manager reads at start-up (the prediction token keys): bounded per attempt, retried. */
    SECRET_READ(true, 3, RetryMode.STANDARD);

    private final boolean boundsEachAttempt;
    private final int attemptsWithinCall;
    private final RetryMode retryMode;

    ClientUse(boolean boundsEachAttempt, int attemptsWithinCall, RetryMode retryMode) {
        this.boundsEachAttempt = boundsEachAttempt;
        this.attemptsWithinCall = attemptsWithinCall;
        this.retryMode = retryMode;
    }

    /** The limit of one attempt (one HTTP request), if this use has one: the configured timeout. */
    public Optional<Duration> attemptTimeout(Duration configured) {
        return boundsEachAttempt ? Optional.of(configured) : Optional.empty();
    }

    /** The limit of the whole call, retries and back-off included. */
    public Duration callTimeout(Duration configured) {
        return configured.multipliedBy(attemptsWithinCall);
    }

    /** The most attempts of one call: the standard retry mode's 3. */
    public int maxAttempts() {
        return 3;
    }

    /** How failed attempts are retried ({@link RetryMode#STANDARD}: at most 3 attempts, jittered back-off). */
    public RetryMode retryMode() {
        return retryMode;
    }
}
