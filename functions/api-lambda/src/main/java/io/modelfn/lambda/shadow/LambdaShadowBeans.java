package io.modelfn.lambda.shadow;

import io.modelfn.api.clients.AwsClients;
import io.modelfn.api.clients.RebuildableClient;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.aws.clients.ClientUse;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.prediction.InProcessShadowDispatch;
import io.modelfn.core.shadow.ShadowDispatch;
import io.modelfn.lambda.afterresponse.AfterResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The shadow dispatch of the Lambda package: {@code modelfn.shadow.dispatch=lambda} (this package's
 * default) sends each copy to an asynchronous invocation of this function; {@code in-process} keeps the
 * pool (tests that run the package outside Lambda). The Lambda client is built on first use and rebuilt
 * after a SnapStart restore ({@link LambdaClientRestore}). The dispatch asks the {@link RebuildableClient} for
 * it at each copy instead of holding its view: a view implements every operation of the interface, and making
 * one loads every request and response class of the Lambda API (about 230) at init, for a client an endpoint
 * without shadows never calls.
 */
@ApplicationScoped
public class LambdaShadowBeans {

    @Produces
    @Singleton
    RebuildableClient<LambdaClient> rebuildableLambda(ModelfnConfig config) {
        return new RebuildableClient<>(LambdaClient.class, () -> AwsClients.factory(config).build(
                LambdaClient.builder(), ClientUse.SHADOW_INVOKE, config.shadow().invokeTimeout(),
                config.aws().lambdaEndpoint()));
    }

    void closeLambda(@Disposes RebuildableClient<LambdaClient> client) {
        client.close();
    }

    @Produces
    @Singleton
    ShadowDispatch shadowDispatch(ModelfnConfig config, InProcessShadowDispatch inProcess,
            RebuildableClient<LambdaClient> lambda, Metrics metrics) {
        var shadow = config.shadow();
        return switch (shadow.dispatch()) {
            case "in-process" -> inProcess;
            case "lambda" -> new LambdaShadowDispatch(lambda, shadow.functionName()
                    .filter(name -> !name.isBlank())
                    .orElseThrow(() -> new IllegalStateException("modelfn.shadow.dispatch=lambda needs the function's "
                            + "name: modelfn.shadow.function-name (AWS_LAMBDA_FUNCTION_NAME on Lambda)")),
                    shadow.qualifier(), shadow.maxEventSize().asLongValue(), metrics, AfterResponse.instance());
            default -> throw new IllegalStateException("modelfn.shadow.dispatch must be lambda or in-process, not "
                    + shadow.dispatch());
        };
    }
}
