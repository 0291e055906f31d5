package io.modelfn.core.predictiontoken;

import java.time.Instant;

/**
 * What a prediction token vouches for: which prediction was served, by whom, what it predicted and
 * when. Every field is signed; feedback takes them from here, never from the client.
 *
 * @param predictionId the request id the prediction answered with ({@code X-Request-Id})
 * @param endpoint the endpoint that was called
 * @param model the model name that answered
 * @param version the model version that answered
 * @param variant the variant that answered
 * @param predicted what the model said
 * @param issuedAt when the prediction was answered (whole seconds)
 */
public record PredictionToken(String predictionId, String endpoint, String model, String version, String variant,
        Predicted predicted, Instant issuedAt) {

    public PredictionToken {
        if (predictionId == null || endpoint == null || model == null || version == null || variant == null
                || predicted == null || issuedAt == null) {
            throw new IllegalArgumentException("every field of a prediction token is required");
        }
        issuedAt = Instant.ofEpochSecond(issuedAt.getEpochSecond());
    }
}
