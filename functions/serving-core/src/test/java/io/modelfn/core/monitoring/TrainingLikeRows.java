package io.modelfn.core.monitoring;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.registry.ModelVersion;
import java.util.List;
import java.util.Random;

/** Synthetic rows drawn from a card's bins: a bin by its training share, then a value inside it. */
final class TrainingLikeRows {

    private TrainingLikeRows() {
    }

    /** {@code rows} rows, row-major, each feature moved by {@code shiftInStd} of its standard deviation. */
    static float[] of(ModelVersion version, Random random, int rows, double shiftInStd) {
        List<ModelCard.FeatureStats> features = version.features();
        float[] data = new float[rows * features.size()];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features.size(); f++) {
                ModelCard.FeatureStats stats = features.get(f);
                double[] edges = stats.binEdges();
                double[] shares = stats.binProportions();
                double u = random.nextDouble();
                int bin = 0;
                for (double cumulative = shares[0]; u > cumulative && bin < shares.length - 1; ) {
                    bin++;
                    cumulative += shares[bin];
                }
                double low = bin == 0 ? edges[0] - stats.std() * 0.5 : edges[bin - 1];
                double high = bin == edges.length ? edges[edges.length - 1] + stats.std() * 0.5 : edges[bin];
                data[r * features.size() + f] = (float) (low + random.nextDouble() * (high - low) + shiftInStd * stats.std());
            }
        }
        return data;
    }
}
