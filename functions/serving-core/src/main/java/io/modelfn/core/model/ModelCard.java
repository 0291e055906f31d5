package io.modelfn.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model version's card ({@code model.json}): what the model is, the signature it declares, the
 * artifact it describes and how good it was on held-out data. {@link #document()} keeps the whole
 * card, training parameters and lineage included, so nothing a team wrote is lost when registered.
 *
 * @param labels class names by label index, empty for regressions
 * @param metrics held-out quality (accuracy, f1Macro, r2...), by name
 * @param features training distribution per input feature, empty when the card has none
 */
public record ModelCard(
        String name,
        SemanticVersion version,
        String description,
        Task task,
        List<String> labels,
        Signature signature,
        Artifact artifact,
        Map<String, Double> metrics,
        List<FeatureStats> features,
        JsonNode document) {

    public ModelCard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(artifact, "artifact");
        labels = List.copyOf(labels);
        metrics = Map.copyOf(metrics);
        features = List.copyOf(features);
    }

    public ModelKey key() {
        return new ModelKey(name, version.toString());
    }

    /** What the model predicts. */
    public enum Task {
        CLASSIFICATION,
        REGRESSION
    }

    /** The {@code model.onnx} file a card describes. */
    public record Artifact(String file, String sha256, long sizeBytes) {
    }

    /**
     * One input feature's training distribution: quantile bin edges and the share of training rows
     * in each bin. Bin {@code i} holds {@code edges[i-1] < v <= edges[i]}; the outer bins are open,
     * so there is one more proportion than there are edges.
     */
    public record FeatureStats(String name, double mean, double std, double[] binEdges, double[] binProportions) {

        public FeatureStats {
            if (binProportions.length != binEdges.length + 1) {
                throw new IllegalArgumentException("feature " + name + ": " + binEdges.length
                        + " bin edges need " + (binEdges.length + 1) + " proportions, got " + binProportions.length);
            }
            binEdges = binEdges.clone();
            binProportions = binProportions.clone();
        }

        @Override
        public double[] binEdges() {
            return binEdges.clone();
        }

        /** How many bins the edges make ({@code binEdges().length + 1}), without copying them. */
        public int binCount() {
            return binEdges.length + 1;
        }

        /**
         * The bin {@code value} falls in, without copying the edges: bin i holds edges[i-1] &lt; v ≤ edges[i]; the
         * outer bins are open.
         */
        public int binOf(double value) {
            int index = Arrays.binarySearch(binEdges, value);
            return index >= 0 ? index : -index - 1;
        }

        @Override
        public double[] binProportions() {
            return binProportions.clone();
        }
    }
}
