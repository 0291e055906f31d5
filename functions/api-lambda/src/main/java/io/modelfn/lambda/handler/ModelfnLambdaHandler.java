package io.modelfn.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.http.HttpPipeline;
import io.modelfn.api.serving.EarlyRegistryRead;
import io.modelfn.api.serving.MetricsFlushing;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.prediction.ShadowReceiver;
import io.modelfn.lambda.afterresponse.AfterResponse;
import io.modelfn.lambda.direct.DirectInfer;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The prediction function's handler ({@code io.modelfn.lambda.handler.ModelfnLambdaHandler::handleRequest}):
 * a shadow event (an asynchronous invocation this function sent itself) is compared by the
 * {@link ShadowReceiver}; an API Gateway event for the inference protocol's infer is served by the direct path
 * ({@link DirectInfer}, {@code modelfn.lambda.direct-infer}); every other event goes unchanged to Quarkus's HTTP
 * handler.
 * Each invocation is bracketed for {@link AfterResponse}, so that the work handed to it (shadow copies)
 * runs after the response is posted, before the environment may be frozen; the invocation's metric records are
 * flushed there too ({@link InvocationMetrics}), or before the answer where the extension does not run.
 *
 * <p>It has the stream handler's method without implementing {@code RequestStreamHandler}: the Quarkus
 * Lambda extension takes any implementation of that interface in the application for the one it dispatches
 * to, which would route Quarkus's own events back here. Lambda's Java runtime needs only the method.
 */
public class ModelfnLambdaHandler {

    static {
        // First: the registry's calls then wait for DynamoDB while Quarkus boots, not after (EarlyRegistryRead).
        EarlyRegistryRead.begin(System.getenv());
        // Before Quarkus boots: the HTTP pipeline checks the request target itself and answers a bad
        // escape with a JSON 400, where Quarkus's own check would answer an empty one.
        System.setProperty(HttpPipeline.QUARKUS_URI_VALIDATION_OFF, "true");
        // This handler flushes the invocation's metrics before it returns (and so before Lambda posts the
        // answer): the records are kept in memory until then, with no timer.
        System.setProperty(MetricsFlushing.PER_INVOCATION, "true");
    }

    private static volatile Metrics metrics;

    private final QuarkusStreamHandler bridge = new QuarkusStreamHandler();
    private final DirectOrBridge http = new DirectOrBridge(ModelfnLambdaHandler::directInfer, bridge::handleRequest);
    private final EventRouting routing = new EventRouting(ModelfnLambdaHandler::compare, http);
    // At init, before the runtime first asks for an event: the extension must register by then. It flushes the
    // records of each invocation, and of the work it runs after the response, before it releases the environment.
    private final AfterResponse afterResponse = AfterResponse.instance();
    private final InvocationMetrics flushing = new InvocationMetrics(ModelfnLambdaHandler::metrics, afterResponse::holdsWork);

    {
        afterResponse.afterWork(() -> {
            Metrics recorded = metrics();
            if (recorded != null) {
                recorded.flush();
            }
        });
        // Quarkus has booted (QuarkusStreamHandler's class initialisation): where init primes the prediction path,
        // the HTTP bridge runs once too (the direct path reads the event and leaves it to the bridge), so that
        // neither is left to the first invocation; on an on-demand init only when the first infer event would use
        // the bridge (HttpWarmUp.wanted).
        boolean snapStart = "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
        if (HttpWarmUp.wanted(primesAtStart(), snapStart, http::direct)) {
            HttpWarmUp.run(http);
        }
    }

    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        String requestId = context.getAwsRequestId();
        afterResponse.invocationStarted(requestId);
        try {
            flushing.run(routing::route, event, response, context);
        } finally {
            afterResponse.invocationEnded(requestId);
        }
    }

    /** Whether init primes the prediction path ({@code modelfn.priming.at-start}, the on-demand setting). */
    private static boolean primesAtStart() {
        return ConfigProvider.getConfig().getOptionalValue("modelfn.priming.at-start", Boolean.class).orElse(false);
    }

    /** The application's metrics, or null while Quarkus has not started (then nothing was recorded). */
    private static Metrics metrics() {
        Metrics known = metrics;
        if (known == null) {
            ArcContainer container = Arc.container();
            if (container == null || !container.isRunning()) {
                return null;
            }
            known = container.instance(Metrics.class).get();
            metrics = known;
        }
        return known;
    }

    /**
     * The direct infer path when it is on ({@code modelfn.lambda.direct-infer}), else null; null too when the infer
     * route is off, since the route is what the direct path answers as.
     */
    private static Function<byte[], byte[]> directInfer() {
        Quarkus.manualStart();
        ArcContainer container = Arc.container();
        ModelfnConfig config = container.instance(ModelfnConfig.class).get();
        if (!config.lambda().directInfer() || !config.http().inferRoute()) {
            return null;
        }
        return container.instance(DirectInfer.class).get()::answer;
    }

    private static Object compare(byte[] event) {
        Quarkus.manualStart();
        return Arc.container().instance(ShadowReceiver.class).get().receive(event);
    }
}
