package io.modelfn.core.predictiontoken.served;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.predictiontoken.Predicted;
import io.modelfn.core.predictiontoken.PredictionToken;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.modelfn.core.protocol.NestedArrays;
import io.modelfn.core.protocol.OutputRows;
import io.modelfn.core.tensor.Tensor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Issues the prediction token of a served prediction: what feedback will later be checked against.
 *
 * <p>What a prediction "predicted" follows the feedback rules (one class, or one number, per prediction id):
 * <ul>
 *   <li>a classifier's class: its integer {@code label} output, else the arg-max of its first floating-point
 *       output of one row of scores; named by the card's labels (the index as text when it has none);
 *   <li>a regression's number: its first output that holds exactly one value;
 *   <li>answers of more than one row, or with no such value (a multi-target regression, a label out of the
 *       card's range), get no token: feedback counts one outcome per prediction id.
 * </ul>
 * Thread-safe.
 */
public final class ServedPredictions {

    private final PredictionTokenSigner signer;
    private final Clock clock;

    public ServedPredictions(PredictionTokenSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** The signed token of a prediction answered under {@code predictionId}, or empty when feedback cannot apply. */
    public Optional<String> tokenFor(String predictionId, Prediction prediction) {
        return predicted(prediction).map(p -> signer.sign(new PredictionToken(predictionId, prediction.endpoint(),
                prediction.version().key().name(), prediction.version().key().version(), prediction.variant(), p,
                clock.instant())));
    }

    /** What a one-row prediction predicted (see the class comment), or empty. */
    public static Optional<Predicted> predicted(Prediction prediction) {
        if (prediction.outputs().isEmpty() || OutputRows.rows(prediction) != 1) {
            return Optional.empty();
        }
        if (prediction.version().task() == ModelCard.Task.REGRESSION) {
            return prediction.outputs().values().stream().filter(t -> t.size() == 1 && isNumeric(t.dataType()))
                    .findFirst().map(t -> number(t, 0)).filter(Double::isFinite).map(Predicted.Number::new);
        }
        List<String> labels = prediction.version().labels();
        Tensor label = prediction.outputs().get(OutputRows.LABEL_OUTPUT);
        long index;
        if (label != null && label.size() == 1 && isInteger(label.dataType())) {
            index = NestedArrays.integerAt(label, 0);
        } else {
            Optional<Tensor> scores = prediction.outputs().values().stream()
                    .filter(t -> t.rank() == 2 && t.size() > 0 && isFloat(t.dataType())).findFirst();
            if (scores.isEmpty()) {
                return Optional.empty();
            }
            index = argMax(scores.get());
        }
        if (index < 0 || (!labels.isEmpty() && index >= labels.size())) {
            return Optional.empty();
        }
        return Optional.of(new Predicted.Label(labels.isEmpty() ? Long.toString(index) : labels.get((int) index)));
    }

    private static long argMax(Tensor scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (number(scores, i) > number(scores, best)) {
                best = i;
            }
        }
        return best;
    }

    private static double number(Tensor tensor, int i) {
        return switch (tensor.dataType()) {
            case FP32 -> tensor.floats()[i];
            case FP64 -> tensor.doubles()[i];
            case UINT64 -> Double.parseDouble(Long.toUnsignedString(tensor.longs()[i]));
            default -> NestedArrays.integerAt(tensor, i);
        };
    }

    private static boolean isFloat(DataType type) {
        return type == DataType.FP32 || type == DataType.FP64;
    }

    private static boolean isInteger(DataType type) {
        return !type.isFloatingPoint() && type != DataType.BOOL && type != DataType.BYTES;
    }

    private static boolean isNumeric(DataType type) {
        return isFloat(type) || isInteger(type);
    }
}
