package io.modelfn.rollout;

import io.modelfn.core.rollout.FunctionAliases;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasRequest;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;

/**
 * Rolls a code deployment back at the Lambda alias: clears the alias's additional version weights
 * so all traffic returns to its primary version. Only the configured functions are ever touched,
 * whatever an alarm names. Thread-safe.
 */
public final class LambdaFunctionAliases implements FunctionAliases {

    private static final Logger LOG = Logger.getLogger(LambdaFunctionAliases.class);

    private final LambdaClient lambda;
    private final Set<String> allowedFunctions;

    public LambdaFunctionAliases(LambdaClient lambda, Set<String> allowedFunctions) {
        this.lambda = lambda;
        this.allowedFunctions = Set.copyOf(allowedFunctions);
    }

    @Override
    public boolean resetWeights(String functionName, String alias) {
        if (!allowedFunctions.contains(functionName)) {
            LOG.warnf("ignoring an alarm on function %s: not one of ours %s", functionName, allowedFunctions);
            return false;
        }
        var current = lambda.getAlias(GetAliasRequest.builder().functionName(functionName).name(alias).build());
        var routing = current.routingConfig();
        if (routing == null || routing.additionalVersionWeights() == null || routing.additionalVersionWeights().isEmpty()) {
            return false;
        }
        lambda.updateAlias(UpdateAliasRequest.builder()
                .functionName(functionName)
                .name(alias)
                .functionVersion(current.functionVersion())
                .routingConfig(AliasRoutingConfiguration.builder().additionalVersionWeights(java.util.Map.of()).build())
                .revisionId(current.revisionId())
                .build());
        LOG.warnf("alias %s:%s sent back to version %s (was also routing to %s)", functionName, alias,
                current.functionVersion(), routing.additionalVersionWeights().keySet());
        return true;
    }
}
