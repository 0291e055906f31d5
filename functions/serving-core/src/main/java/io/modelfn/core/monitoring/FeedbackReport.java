package io.modelfn.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client's report of the true outcome of an earlier prediction. The prediction token says which
 * prediction it was and what it predicted; the other fields are what the client believes of it, each
 * optional and refused when it disagrees with the token.
 *
 * @param predictionToken the prediction's {@code X-ModelFn-Prediction-Token} header
 * @param actual what turned out to be true: a class label (index or name) or a number
 * @param claimed what the client says about the prediction, checked against the token
 */
public record FeedbackReport(String predictionToken, JsonNode actual, Claimed claimed) {

    /** A report with nothing but the token and the truth. */
    public FeedbackReport(String predictionToken, JsonNode actual) {
        this(predictionToken, actual, Claimed.NONE);
    }

    public FeedbackReport {
        claimed = claimed == null ? Claimed.NONE : claimed;
    }

    /**
     * What a client may repeat about the prediction (null where it says nothing).
     *
     * @param predictionId the request id the prediction answered with ({@code X-Request-Id})
     * @param variant the variant that answered ({@code X-ModelFn-Variant})
     * @param predicted what the model said, as a class label (index or name) or a number
     */
    public record Claimed(String predictionId, String endpoint, String model, String version, String variant,
            JsonNode predicted) {

        public static final Claimed NONE = new Claimed(null, null, null, null, null, null);
    }
}
