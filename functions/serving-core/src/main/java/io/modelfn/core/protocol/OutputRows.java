package io.modelfn.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * Writes a prediction one example per row, {@code {"probabilities":[...], "label":0, "class":"setosa"}},
 * for the protocols whose clients think in examples rather than tensors.
 */
public final class OutputRows {

    /** The output whose integer values index the card's class names. */
    public static final String LABEL_OUTPUT = "label";

    private OutputRows() {
    }

    /** The number of examples: the first dimension shared by the outputs. */
    public static int rows(Prediction prediction) {
        int rows = 1;
        for (Tensor t : prediction.outputs().values()) {
            rows = t.rank() == 0 ? 1 : (int) t.dimension(0);
            break;
        }
        return rows;
    }

    /** Writes one JSON object per example into an array already opened by the caller. */
    public static void writeRows(JsonGenerator g, Prediction prediction) throws IOException {
        List<String> labels = prediction.version().labels();
        int rows = rows(prediction);
        for (int row = 0; row < rows; row++) {
            g.writeStartObject();
            for (Tensor t : prediction.outputs().values()) {
                g.writeFieldName(t.name());
                if (t.rank() == 0) {
                    TensorDataWriter.writeValue(g, t, 0);
                } else {
                    NestedArrays.writeRow(g, t, row);
                }
            }
            String className = className(prediction, labels, row);
            if (className != null) {
                g.writeStringField("class", className);
            }
            g.writeEndObject();
        }
    }

    /** The class name of example {@code row}, when the model has labels and a label output. */
    public static String className(Prediction prediction, List<String> labels, int row) {
        Tensor label = prediction.outputs().get(LABEL_OUTPUT);
        if (labels.isEmpty() || label == null || label.rank() != 1 || label.dataType().isFloatingPoint()
                || label.dataType() == io.modelfn.core.model.DataType.BOOL
                || label.dataType() == io.modelfn.core.model.DataType.BYTES) {
            return null;
        }
        long index = NestedArrays.integerAt(label, row);
        // (a UINT64 label past Long.MAX_VALUE reads as negative and names no class)
        return index >= 0 && index < labels.size() ? labels.get((int) index) : null;
    }
}
