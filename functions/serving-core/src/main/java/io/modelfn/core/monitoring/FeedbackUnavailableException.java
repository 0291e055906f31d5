package io.modelfn.core.monitoring;

/**
 * This deployment takes no feedback: it has no prediction token key, so it can tell no served
 * prediction from a made-up one (HTTP 503; an operator's setting, not the client's mistake).
 */
public class FeedbackUnavailableException extends RuntimeException {

    public FeedbackUnavailableException(String message) {
        super(message);
    }
}
