package io.modelfn.inference.onnx;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: every committed model, run through the ONNX Runtime engine, reproduces the
 * outputs Python's ONNX Runtime computed for the same inputs, and is the very file its card describes.
 */
class ReferenceVectorsTest {

    private static OnnxRuntimeEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new OnnxRuntimeEngine(OnnxSessionSettings.defaults()).warmUp();
    }

    static List<ModelKey> versions() {
        return SampleModels.versions();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void model_should_reproduce_its_reference_outputs(ModelKey key) throws Exception {
        ModelCard card = SampleModels.card(key);
        byte[] bytes = Files.readAllBytes(SampleModels.modelFile(key));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .as("%s: model.onnx is not the file its card and reference vectors describe", key)
                .isEqualTo(card.artifact().sha256());
        ReferenceVectors reference = SampleModels.reference(key);
        assertThat(reference.cases()).as("%s reference cases", key).isNotEmpty();

        try (LoadedModel model = engine.load(key, SampleModels.modelFile(key))) {
            assertThat(model.signature()).as("%s: signature read from the ONNX file", key).isEqualTo(card.signature());
            for (ReferenceVectors.Case c : reference.cases()) {
                var outputs = model.infer(c.inputs(), List.of());

                assertMatchesReference(outputs, c.outputs(), key + " case " + c.name());
            }
        }
    }
}
