package io.modelfn.core.predictiontoken;

/** The token is missing or is not a prediction token at all (HTTP 400). */
public class MalformedPredictionTokenException extends RuntimeException {

    public MalformedPredictionTokenException(String message) {
        super(message);
    }
}
