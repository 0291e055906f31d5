package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A function deployed without the ONNX Runtime layer fails its init; it never answers 503 to requests. */
class MissingOnnxRuntimeLayerIT {

    @Test
    void environment_without_the_layer_should_post_an_init_error_and_answer_nothing() throws Exception {
        // GIVEN the function as the template configures it, but without its layer
        try (EnvironmentPool withoutLayer = LambdaHarness.shared().newPool("no-layer", false, Map.of())) {

            // WHEN events arrive
            Invocation first = withoutLayer.invoke(SampleEvents.read("apigw-v2-oip-infer-iris-1.0.0.json"))
                    .get(180, TimeUnit.SECONDS);
            Invocation second = withoutLayer.invoke(SampleEvents.read("apigw-v2-health-ready.json"))
                    .get(180, TimeUnit.SECONDS);

            // THEN each environment posts /runtime/init/error naming ONNX Runtime, and no response (503 or other) comes
            assertThat(first.outcome()).as(first.payloadText()).isEqualTo(Invocation.Outcome.INIT_ERROR);
            assertThat(second.outcome()).as(second.payloadText()).isEqualTo(Invocation.Outcome.INIT_ERROR);
            assertThat(first.payloadText()).contains("errorMessage");
            assertThat(withoutLayer.log(first.environment())).contains("ONNX Runtime cannot start here");
            assertThat(withoutLayer.started()).isEqualTo(2);
        }
    }
}
