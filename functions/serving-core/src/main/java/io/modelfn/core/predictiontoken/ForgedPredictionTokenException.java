package io.modelfn.core.predictiontoken;

/**
 * The token is well formed but this system did not sign it: its signature does not match (forged or
 * changed), or its key is not one this deployment knows (HTTP 401).
 */
public class ForgedPredictionTokenException extends RuntimeException {

    public ForgedPredictionTokenException(String message) {
        super(message);
    }
}
