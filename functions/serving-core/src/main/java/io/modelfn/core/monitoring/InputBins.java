package io.modelfn.core.monitoring;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Counts one request's input rows into the training profile's quantile bins (the model card's
 * {@code features}), per feature: what each request emits so that CloudWatch, not any one
 * execution environment, holds the served distribution. Only tabular models qualify: one input of
 * rank 2 whose width is the card's feature count, FP32 or FP64. Non-finite values are not counted.
 *
 * <p>Costs a binary search per value (the card's edges, not copied) and one small array per feature.
 * Stateless, thread-safe.
 */
public final class InputBins {

    private InputBins() {
    }

    /**
     * The bin counts of every feature, in the card's order ({@code counts[f][i]}: rows whose feature f
     * fell into bin i), or an empty array when the version or the input does not qualify.
     */
    public static long[][] count(ModelVersion version, Map<String, Tensor> inputs) {
        List<ModelCard.FeatureStats> features = version.features();
        if (features.isEmpty() || inputs.size() != 1) {
            return new long[0][];
        }
        Tensor input = inputs.values().iterator().next();
        if (input.rank() != 2 || input.dimension(1) != features.size()
                || (input.dataType() != DataType.FP32 && input.dataType() != DataType.FP64)) {
            return new long[0][];
        }
        int width = features.size();
        long[][] counts = new long[width][];
        for (int f = 0; f < width; f++) {
            counts[f] = new long[features.get(f).binCount()];
        }
        int rows = (int) input.dimension(0);
        if (input.dataType() == DataType.FP32) {
            float[] data = input.floats();
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < width; f++) {
                    add(counts[f], features.get(f), data[r * width + f]);
                }
            }
        } else {
            double[] data = input.doubles();
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < width; f++) {
                    add(counts[f], features.get(f), data[r * width + f]);
                }
            }
        }
        return counts;
    }

    private static void add(long[] counts, ModelCard.FeatureStats feature, double value) {
        if (Double.isFinite(value)) {
            counts[feature.binOf(value)]++;
        }
    }
}
