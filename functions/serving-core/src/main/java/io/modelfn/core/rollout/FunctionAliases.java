package io.modelfn.core.rollout;

/** Port: Lambda function aliases, for rolling back a code deployment's weighted alias. */
public interface FunctionAliases {

    /**
     * Sends all of the alias's traffic back to its primary version (clears the additional version
     * weights). Returns whether anything changed.
     */
    boolean resetWeights(String functionName, String alias);
}
