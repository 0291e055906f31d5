package io.modelfn.api.predictiontoken;

import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.modelfn.core.predictiontoken.served.ServedPredictions;
import java.util.Optional;

/**
 * The {@value #NAME} header of prediction answers, which feedback must bring back, and the signer
 * that checks it; both empty where no key is configured. Thread-safe.
 */
public final class PredictionTokenHeader {

    public static final String NAME = "X-ModelFn-Prediction-Token";

    /** What the OpenAPI document says of the header. */
    public static final String DESCRIPTION = "Signed token of this prediction (one-row answers): send it back as "
            + "'predictionToken' with POST /feedback to report the true outcome, within the token max age (7 days by default)";

    private final Optional<PredictionTokenSigner> signer;
    private final Optional<ServedPredictions> served;

    PredictionTokenHeader(Optional<PredictionTokenSigner> signer, Optional<ServedPredictions> served) {
        this.signer = signer;
        this.served = served;
    }

    /** The checker of tokens brought back with feedback. */
    public Optional<PredictionTokenSigner> signer() {
        return signer;
    }

    /** The header's value for a prediction answered under {@code requestId}, when feedback can apply to it. */
    public Optional<String> valueFor(String requestId, Prediction prediction) {
        return served.flatMap(s -> s.tokenFor(requestId, prediction));
    }
}
