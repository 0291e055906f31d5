package io.modelfn.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client's report of the true outcome of an earlier prediction.
 *
 * @param predictionId the request id the prediction answered with ({@code X-Request-Id})
 * @param variant the variant that answered ({@code X-ModelFn-Variant}), or null to derive it
 * @param predicted what the model said: a class label (index or name) or a number
 * @param actual what turned out to be true, in the same form
 */
public record FeedbackReport(String predictionId, String endpoint, String model, String version, String variant,
        JsonNode predicted, JsonNode actual) {
}
