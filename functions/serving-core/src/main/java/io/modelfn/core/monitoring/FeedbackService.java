package io.modelfn.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.predictiontoken.ExpiredPredictionTokenException;
import io.modelfn.core.predictiontoken.ForgedPredictionTokenException;
import io.modelfn.core.predictiontoken.MalformedPredictionTokenException;
import io.modelfn.core.predictiontoken.Predicted;
import io.modelfn.core.predictiontoken.PredictionToken;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import java.util.List;
import java.util.Optional;

/**
 * Ground-truth feedback on served predictions: takes which prediction it was, who served it and what
 * it predicted from the prediction's signed token ({@link PredictionTokenSigner}), never from the
 * client; emits {@code FeedbackCorrect} and {@code FeedbackIncorrect} (classifiers) or
 * {@code FeedbackAbsoluteError} (regressions) per endpoint, variant and version — what the canary's
 * accuracy alarm watches — and adds it to the version's counters (a confusion matrix for
 * classifiers), once per prediction. Fields the client repeats about the prediction must agree with
 * the token.
 *
 * <p>Thread-safe.
 */
public final class FeedbackService {

    private final RegistrySnapshotCache snapshots;
    private final FeedbackStore store;
    private final Metrics metrics;
    private final Optional<PredictionTokenSigner> tokens;

    /** @param tokens the checker of prediction tokens; empty where no key is configured (all feedback refused) */
    public FeedbackService(RegistrySnapshotCache snapshots, FeedbackStore store, Metrics metrics,
            Optional<PredictionTokenSigner> tokens) {
        this.snapshots = snapshots;
        this.store = store;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    /** What was recorded. */
    public record Recorded(ModelKey version, String variant, Boolean correct, Double absoluteError) {
    }

    /**
     * @throws FeedbackUnavailableException when this deployment has no prediction token key (HTTP 503)
     * @throws MalformedPredictionTokenException when the token is missing or not a token (HTTP 400)
     * @throws ForgedPredictionTokenException when this system did not sign the token (HTTP 401)
     * @throws ExpiredPredictionTokenException when the token is too old (HTTP 403)
     * @throws InvalidAdminRequestException for a malformed truth, or a claim that disagrees with the token (HTTP 400)
     * @throws ConflictException when this prediction's feedback was already recorded (HTTP 409)
     */
    public Recorded record(FeedbackReport report) {
        PredictionToken served = tokens.orElseThrow(() -> new FeedbackUnavailableException(
                "feedback is off in this deployment: no prediction token key is configured")).verify(report.predictionToken());
        RegistrySnapshot snapshot = snapshots.current();
        EndpointConfig endpoint = snapshot.endpoint(served.endpoint())
                .orElseThrow(() -> new EndpointNotFoundException(served.endpoint()));
        ModelKey key = new ModelKey(served.model(), served.version());
        ModelVersion version = snapshot.version(key).orElseThrow(() -> new VersionNotFoundException(key + " is not registered"));
        checkClaims(report.claimed(), served, version);
        String variant = served.variant();
        if (version.task() == ModelCard.Task.REGRESSION) {
            if (!(served.predicted() instanceof Predicted.Number predicted)) {
                throw new InvalidAdminRequestException(key + " is a regression model but the prediction token holds a class");
            }
            double error = Math.abs(predicted.value() - number(report.actual(), "actual"));
            if (!store.record(key, served.predictionId(), error)) {
                throw duplicate();
            }
            metrics.recordEvent(endpoint.name(), variant, key.name(), key.version(),
                    MetricsContract.FEEDBACK_ABSOLUTE_ERROR, error, MetricsContract.NONE_UNIT);
            return new Recorded(key, variant, null, error);
        }
        if (!(served.predicted() instanceof Predicted.Label label)) {
            throw new InvalidAdminRequestException(key + " is a classifier but the prediction token holds a number");
        }
        String predicted = label.name();
        String actual = label(version, report.actual(), "actual");
        if (!store.record(key, served.predictionId(), new FeedbackStore.ClassOutcome(actual, predicted))) {
            throw duplicate();
        }
        boolean correct = predicted.equals(actual);
        metrics.recordEvent(endpoint.name(), variant, key.name(), key.version(), MetricsContract.FEEDBACK_CORRECT,
                correct ? 1 : 0, MetricsContract.COUNT);
        metrics.recordEvent(endpoint.name(), variant, key.name(), key.version(), MetricsContract.FEEDBACK_INCORRECT,
                correct ? 0 : 1, MetricsContract.COUNT);
        return new Recorded(key, variant, correct, null);
    }

    /** A field the client repeats must be the token's: a mismatch is a mistake worth telling, not a silent fix. */
    private static void checkClaims(FeedbackReport.Claimed claimed, PredictionToken served, ModelVersion version) {
        agree("predictionId", claimed.predictionId(), served.predictionId());
        agree("endpoint", claimed.endpoint(), served.endpoint());
        agree("model", claimed.model(), served.model());
        agree("version", claimed.version(), served.version());
        agree("variant", claimed.variant(), served.variant());
        JsonNode predicted = claimed.predicted();
        if (predicted == null || predicted.isNull()) {
            return;
        }
        boolean same = switch (served.predicted()) {
            case Predicted.Label label -> label.name().equals(label(version, predicted, "predicted"));
            case Predicted.Number number -> number.value() == number(predicted, "predicted");
        };
        if (!same) {
            throw disagrees("predicted");
        }
    }

    private static void agree(String field, String claimed, String served) {
        if (claimed != null && !claimed.equals(served)) {
            throw disagrees(field);
        }
    }

    private static InvalidAdminRequestException disagrees(String field) {
        return new InvalidAdminRequestException("'" + field + "' disagrees with the prediction token; leave it out "
                + "(the token says what was served)");
    }

    /** A class label as its name: an index into the card's labels, or one of the names. */
    private static String label(ModelVersion version, JsonNode value, String field) {
        List<String> labels = version.labels();
        if (value != null && value.canConvertToInt() && value.isIntegralNumber()) {
            int index = value.asInt();
            if (labels.isEmpty()) {
                return Integer.toString(index);
            }
            if (index < 0 || index >= labels.size()) {
                throw new InvalidAdminRequestException("'" + field + "' class " + index + " is not one of the model's "
                        + labels.size() + " classes");
            }
            return labels.get(index);
        }
        if (value != null && value.isTextual() && (labels.isEmpty() || labels.contains(value.asText()))) {
            return value.asText();
        }
        throw new InvalidAdminRequestException("'" + field + "' must be a class index or one of " + labels);
    }

    private static double number(JsonNode value, String field) {
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new InvalidAdminRequestException("'" + field + "' must be a finite number for a regression model");
        }
        return value.asDouble();
    }

    private static ConflictException duplicate() {
        return new ConflictException("feedback for this prediction was already recorded");
    }
}
