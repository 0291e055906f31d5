package io.modelfn.core.predictiontoken.served;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.predictiontoken.Predicted;
import io.modelfn.core.predictiontoken.PredictionToken;
import io.modelfn.core.predictiontoken.PredictionTokenKeys;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServedPredictionsTest {

    private static final ModelVersion IRIS = Registries.sample("iris/1.1.0");
    private static final ModelVersion DIABETES = Registries.sample("diabetes/1.0.0");

    private static Prediction prediction(ModelVersion version, Tensor... outputs) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : outputs) {
            byName.put(t.name(), t);
        }
        return new Prediction("iris", "canary", version, byName, true, 0, 1);
    }

    @Test
    void predicted_should_name_the_label_output_of_a_one_row_classification() {
        var p = prediction(IRIS, Tensor.ofLongs("label", new long[] {1}, new long[] {2}),
                Tensor.ofFloats("probabilities", new long[] {1, 3}, new float[] {0.1f, 0.8f, 0.1f}));

        assertThat(ServedPredictions.predicted(p)).contains(new Predicted.Label("virginica"));
    }

    @Test
    void predicted_should_take_the_arg_max_of_scores_when_there_is_no_label_output() {
        var p = prediction(IRIS, Tensor.ofFloats("logits", new long[] {1, 3}, new float[] {0.1f, 0.8f, 0.1f}));

        assertThat(ServedPredictions.predicted(p)).contains(new Predicted.Label("versicolor"));
    }

    @Test
    void predicted_should_be_the_one_value_of_a_regression() {
        var p = prediction(DIABETES, Tensor.ofFloats("variable", new long[] {1, 1}, new float[] {151.5f}));

        assertThat(ServedPredictions.predicted(p)).contains(new Predicted.Number(151.5));
    }

    @Test
    void predicted_should_be_empty_for_several_rows_several_targets_or_a_label_out_of_range() {
        var rows = prediction(IRIS, Tensor.ofLongs("label", new long[] {2}, new long[] {2, 0}));
        var targets = prediction(DIABETES, Tensor.ofFloats("variable", new long[] {1, 2}, new float[] {1f, 2f}));
        var outOfRange = prediction(IRIS, Tensor.ofLongs("label", new long[] {1}, new long[] {3}));

        assertThat(ServedPredictions.predicted(rows)).isEmpty();
        assertThat(ServedPredictions.predicted(targets)).isEmpty();
        assertThat(ServedPredictions.predicted(outOfRange)).isEmpty();
    }

    @Test
    void tokenFor_should_sign_who_served_what_under_the_request_id() {
        var clock = MutableClock.atEpoch();
        var signer = new PredictionTokenSigner(PredictionTokenKeys.generated(), clock, Duration.ofHours(1));
        var p = prediction(IRIS, Tensor.ofLongs("label", new long[] {1}, new long[] {0}));

        Optional<String> token = new ServedPredictions(signer, clock).tokenFor("req-9", p);

        assertThat(token).map(signer::verify).contains(new PredictionToken("req-9", "iris", "iris", "1.1.0", "canary",
                new Predicted.Label("setosa"), clock.instant()));
    }
}
