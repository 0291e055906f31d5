package io.modelfn.lambda.shadow;

import io.modelfn.api.clients.RebuildableClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * After a SnapStart restore, the Lambda client (if one was built before the snapshot) is rebuilt, like the
 * DynamoDB and S3 clients: fresh connections and credentials. Registered only on SnapStart; a CDI bean, so
 * the CRaC context (which holds resources weakly) does not lose it.
 */
@ApplicationScoped
public class LambdaClientRestore implements Resource {

    @Inject
    RebuildableClient<LambdaClient> lambda;

    /** Set by Lambda: {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}. */
    @ConfigProperty(name = "AWS_LAMBDA_INITIALIZATION_TYPE", defaultValue = "on-demand")
    String initializationType;

    void onStart(@Observes StartupEvent event) {
        if ("snap-start".equals(initializationType)) {
            Core.getGlobalContext().register(this);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        lambda.rebuild();
    }
}
