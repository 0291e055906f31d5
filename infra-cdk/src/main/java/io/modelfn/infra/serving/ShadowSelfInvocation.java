package io.modelfn.infra.serving;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.constructs.Construct;

/**
 * Shadow copies of the prediction function: each sampled copy is an asynchronous invocation of the
 * function's own alias, sent before the invocation that served the request returns (Lambda freezes an
 * environment between invocations, so a copy left to a thread would wait or be lost). The function runs
 * {@link #HANDLER}, which tells those events from API Gateway's.
 *
 * <p>This construct gives the function's role {@code lambda:InvokeFunction} on its own alias and nothing
 * else (the ARN is built from the name: a reference to the alias would make the role's policy wait for the
 * version, which waits for the function, which waits for the policy), and configures the alias's
 * asynchronous invocations: {@value #RETRY_ATTEMPTS} retries (a comparison that failed is already counted as
 * {@code ShadowFailed}; a retry could count one copy twice) and events older than {@link #MAX_EVENT_AGE}
 * dropped (a backlog of copies must not keep competing with callers for the function's concurrency).
 * The function must be created with {@link #HANDLER} and {@link #QUALIFIER_VARIABLE} set to its alias.
 */
public final class ShadowSelfInvocation extends Construct {

    /** The prediction function's handler: shadow events to the comparison, the rest to Quarkus's HTTP handler. */
    public static final String HANDLER = "io.modelfn.lambda.handler.ModelfnLambdaHandler::handleRequest";
    /** The alias copies are sent to ({@code modelfn.shadow.qualifier}). */
    public static final String QUALIFIER_VARIABLE = "MODELFN_SHADOW_QUALIFIER";
    public static final int RETRY_ATTEMPTS = 0;
    public static final Duration MAX_EVENT_AGE = Duration.minutes(15);

    public ShadowSelfInvocation(Construct scope, String id, ModelFunction function, String functionName) {
        super(scope, id);
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ShadowCopiesToItsOwnAlias")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(aliasArn(functionName)))
                .build());
        function.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(MAX_EVENT_AGE)
                .build());
    }

    private String aliasArn(String functionName) {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("lambda")
                .resource("function")
                .resourceName(functionName + ":" + ModelFunction.ALIAS)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }
}
