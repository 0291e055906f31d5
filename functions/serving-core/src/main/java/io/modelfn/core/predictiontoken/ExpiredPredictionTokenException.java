package io.modelfn.core.predictiontoken;

/** The token is genuine but older than feedback is accepted for (HTTP 403). */
public class ExpiredPredictionTokenException extends RuntimeException {

    public ExpiredPredictionTokenException(String message) {
        super(message);
    }
}
