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
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.ConflictException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ground-truth feedback: checks a report against the registry, emits {@code FeedbackCorrect} and
 * {@code FeedbackIncorrect} (classifiers) or {@code FeedbackAbsoluteError} (regressions) per
 * endpoint, variant and version — what the canary's accuracy alarm watches — and adds it to the
 * version's counters (a confusion matrix for classifiers), once per prediction.
 *
 * <p>Thread-safe.
 */
public final class FeedbackService {

    private static final Pattern PREDICTION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RegistrySnapshotCache snapshots;
    private final FeedbackStore store;
    private final Metrics metrics;

    public FeedbackService(RegistrySnapshotCache snapshots, FeedbackStore store, Metrics metrics) {
        this.snapshots = snapshots;
        this.store = store;
        this.metrics = metrics;
    }

    /** What was recorded. */
    public record Recorded(ModelKey version, String variant, Boolean correct, Double absoluteError) {
    }

    /**
     * @throws InvalidAdminRequestException for malformed reports (HTTP 400)
     * @throws ConflictException when this prediction's feedback was already recorded (HTTP 409)
     */
    public Recorded record(FeedbackReport report) {
        if (report.predictionId() == null || !PREDICTION_ID.matcher(report.predictionId()).matches()) {
            throw new InvalidAdminRequestException("'predictionId' (the X-Request-Id of the prediction) is required");
        }
        RegistrySnapshot snapshot = snapshots.current();
        EndpointConfig endpoint = snapshot.endpoint(report.endpoint())
                .orElseThrow(() -> new EndpointNotFoundException(String.valueOf(report.endpoint())));
        if (report.model() == null || report.version() == null) {
            throw new InvalidAdminRequestException("'model' and 'version' (X-ModelFn-Model and -Version of the answer) are required");
        }
        ModelKey key = new ModelKey(report.model(), report.version());
        ModelVersion version = snapshot.version(key).orElseThrow(() -> new VersionNotFoundException(key + " is not registered"));
        String variant = variant(endpoint, key, report.variant());
        if (version.task() == ModelCard.Task.REGRESSION) {
            double error = Math.abs(number(report.predicted(), "predicted") - number(report.actual(), "actual"));
            if (!store.record(key, report.predictionId(), error)) {
                throw duplicate();
            }
            metrics.recordEvent(endpoint.name(), variant, key.name(), key.version(),
                    MetricsContract.FEEDBACK_ABSOLUTE_ERROR, error, MetricsContract.NONE_UNIT);
            return new Recorded(key, variant, null, error);
        }
        String predicted = label(version, report.predicted(), "predicted");
        String actual = label(version, report.actual(), "actual");
        if (!store.record(key, report.predictionId(), new FeedbackStore.ClassOutcome(actual, predicted))) {
            throw duplicate();
        }
        boolean correct = predicted.equals(actual);
        metrics.recordEvent(endpoint.name(), variant, key.name(), key.version(), MetricsContract.FEEDBACK_CORRECT,
                correct ? 1 : 0, MetricsContract.COUNT);
        metrics.recordEvent(endpoint.name(), variant, key.name(), key.version(), MetricsContract.FEEDBACK_INCORRECT,
                correct ? 0 : 1, MetricsContract.COUNT);
        return new Recorded(key, variant, correct, null);
    }

    /** The variant given, or the one variant of the endpoint that serves this version. */
    private static String variant(EndpointConfig endpoint, ModelKey key, String given) {
        if (given != null && !given.isBlank()) {
            if (endpoint.variant(given).isEmpty() && !Variant.PINNED.equals(given)) {
                throw new InvalidAdminRequestException("endpoint '" + endpoint.name() + "' has no variant '" + abbreviate(given) + "'");
            }
            return given;
        }
        List<Variant> serving = endpoint.variants().stream().filter(v -> v.model().equals(key)).toList();
        return serving.size() == 1 ? serving.get(0).name() : Variant.PINNED;
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

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
