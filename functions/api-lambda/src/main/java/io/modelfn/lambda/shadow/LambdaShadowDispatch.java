package io.modelfn.lambda.shadow;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.shadow.ShadowDispatch;
import io.modelfn.core.shadow.ShadowEventJson;
import io.modelfn.core.shadow.ShadowMetrics;
import io.modelfn.lambda.afterresponse.AfterResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/**
 * Hands each shadow copy to an asynchronous invocation ({@code Invoke}, {@code InvocationType=Event}) of
 * this same function, at its alias (or version). Lambda queues the event and answers 202 at once; another
 * invocation compares the copy ({@code ModelfnLambdaHandler} hands it to the {@code ShadowReceiver}).
 *
 * <p>The copy is encoded and sent through {@code afterResponse}: on Lambda, after this invocation's response
 * is posted and before its environment may be frozen ({@link AfterResponse}), so the caller does not wait
 * for the hand-off and nothing is left running in a frozen environment; where the work cannot be held, on
 * the request's own thread before the invocation returns.
 *
 * <p>Every copy is counted once: {@code ShadowRequests} when Lambda accepted the event, {@code ShadowSkipped}
 * when the event is over the size limit (Lambda's asynchronous payload limit, 1 MB), or the call failed or
 * timed out (its client's whole call is bounded by {@code modelfn.shadow.invoke-timeout}). Never throws;
 * never logs the copy. Thread-safe.
 */
public class LambdaShadowDispatch implements ShadowDispatch {

    private static final Logger LOG = Logger.getLogger(LambdaShadowDispatch.class);
    /** What Lambda answers when it has queued an asynchronous event. */
    static final int ACCEPTED = 202;

    private final Supplier<LambdaClient> lambda;
    private final String functionName;
    private final Optional<String> qualifier;
    private final long maxEventBytes;
    private final Metrics metrics;
    private final Executor afterResponse;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /**
     * @param lambda the client, asked for at each copy sent (built on first use, rebuilt after a restore: see
     *        {@link LambdaShadowBeans})
     * @param functionName this function's name
     * @param qualifier the alias (or version) to invoke, or empty for the unqualified function
     * @param maxEventBytes the largest event sent
     */
    public LambdaShadowDispatch(Supplier<LambdaClient> lambda, String functionName, Optional<String> qualifier,
            long maxEventBytes, Metrics metrics, Executor afterResponse) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.qualifier = qualifier.filter(q -> !q.isBlank());
        this.maxEventBytes = maxEventBytes;
        this.metrics = metrics;
        this.afterResponse = Objects.requireNonNull(afterResponse, "afterResponse");
    }

    @Override
    public void dispatch(ShadowCopy copy) {
        afterResponse.execute(() -> send(copy));
    }

    private void send(ShadowCopy copy) {
        byte[] event = ShadowEventJson.encode(copy);
        if (event.length > maxEventBytes) {
            skip(copy, "its event of " + event.length + " bytes is over the limit of " + maxEventBytes);
            return;
        }
        try {
            var request = InvokeRequest.builder()
                    .functionName(functionName)
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromByteArrayUnsafe(event));
            qualifier.ifPresent(request::qualifier);
            int status = lambda.get().invoke(request.build()).statusCode();
            if (status != ACCEPTED) {
                skip(copy, "Lambda answered " + status + ", not 202");
                return;
            }
        } catch (RuntimeException e) {
            // An SdkException, or what the HTTP layer under it threw (the JDK's URL connection can throw a
            // NullPointerException when the far end goes away mid-call): a copy never fails its caller.
            skip(copy, "the asynchronous invocation failed: " + e.getClass().getSimpleName());
            return;
        }
        sent.incrementAndGet();
        ShadowMetrics.count(metrics, copy, MetricsContract.SHADOW_REQUESTS);
    }

    /** Copies Lambda accepted. */
    public long sent() {
        return sent.get();
    }

    /** Copies not handed on. */
    public long skipped() {
        return skipped.get();
    }

    private void skip(ShadowCopy copy, String why) {
        skipped.incrementAndGet();
        ShadowMetrics.count(metrics, copy, MetricsContract.SHADOW_SKIPPED);
        LOG.warnf("shadow copy of request %s on %s skipped: %s", copy.requestId(), copy.shadow().key(), why);
    }
}
