package io.modelfn.core.protocol;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built predictions for the encode tests of the codecs: no model, no registry. */
public final class Predictions {

    public static final List<String> IRIS_LABELS = List.of("setosa", "versicolor", "virginica");

    private Predictions() {
    }

    /** A model version with an iris-like signature and the given class names (empty for a regression). */
    public static ModelVersion version(String key, List<String> labels) {
        Signature signature = new Signature(
                List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 4})),
                List.of(new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 3}),
                        new TensorSpec("label", DataType.INT64, new long[] {-1})));
        return new ModelVersion(ModelKey.parse(key), ArtifactLocation.of("local:x"), "a".repeat(64), 1234L, signature,
                LifecycleState.VALIDATED,
                labels.isEmpty() ? ModelCard.Task.REGRESSION : ModelCard.Task.CLASSIFICATION,
                labels, List.of(), Instant.EPOCH);
    }

    /** A prediction of {@code version} answered by {@code variant} of endpoint {@code iris}. */
    public static Prediction of(ModelVersion version, String variant, Tensor... outputs) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : outputs) {
            byName.put(t.name(), t);
        }
        return new Prediction("iris", variant, version, byName, true, 0, 1_000);
    }

    /** Two iris examples: probabilities [2, 3] and labels [0, 2] (setosa, virginica). */
    public static Prediction irisBatchOfTwo() {
        return of(version("iris/1.1.0", IRIS_LABELS), "canary",
                Tensor.ofFloats("probabilities", new long[] {2, 3}, new float[] {0.9f, 0.05f, 0.05f, 0.1f, 0.2f, 0.7f}),
                Tensor.ofLongs("label", new long[] {2}, new long[] {0, 2}));
    }

    /** Two regression examples with one output of shape [2, 1] and no labels. */
    public static Prediction diabetesBatchOfTwo() {
        return of(version("diabetes/1.0.0", List.of()), "stable",
                Tensor.ofFloats("prediction", new long[] {2, 1}, new float[] {151.5f, 75.25f}));
    }
}
