package io.modelfn.layers.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsLayerBuilderTest {

    private static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");
    private static final ModelKey DIGITS = ModelKey.parse("digits/1.0.0");

    @TempDir
    Path temp;

    private final ModelsLayerBuilder builder = new ModelsLayerBuilder();

    @Test
    void build_should_lay_each_version_out_under_models_as_lambda_extracts_it_to_opt() throws IOException {
        // GIVEN two versions of the sample repository
        Path zip = temp.resolve("models-layer.zip");

        // WHEN the layer is built
        var summary = builder.build(SampleModels.root(), List.of(IRIS, DIGITS), zip);

        // THEN the zip holds models/<name>/<version>/model.onnx and model.json, byte for byte, and a manifest
        try (ZipFile layer = new ZipFile(zip.toFile())) {
            assertThat(names(layer)).containsExactly(
                    "models/digits/1.0.0/model.onnx", "models/digits/1.0.0/model.json",
                    "models/iris/1.1.0/model.onnx", "models/iris/1.1.0/model.json",
                    "models/layer.json");
            assertThat(layer.getInputStream(layer.getEntry("models/iris/1.1.0/model.onnx")).readAllBytes())
                    .isEqualTo(Files.readAllBytes(SampleModels.modelFile(IRIS)));
            String manifest = new String(layer.getInputStream(layer.getEntry("models/layer.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(manifest).contains("\"name\": \"iris\", \"version\": \"1.1.0\", \"sha256\": \""
                    + SampleModels.card(IRIS).artifact().sha256() + "\"");
        }
        assertThat(summary.versions()).extracting(ModelsLayerBuilder.LayerVersion::key).containsExactly(DIGITS, IRIS);
    }

    @Test
    void build_should_give_the_same_bytes_when_built_again_from_the_same_versions() throws IOException {
        // GIVEN a layer built once
        Path first = temp.resolve("first.zip");
        builder.build(SampleModels.root(), List.of(IRIS, DIGITS), first);

        // WHEN it is built again later, the versions named in another order
        Path second = temp.resolve("second.zip");
        builder.build(SampleModels.root(), List.of(DIGITS, IRIS), second);

        // THEN the zips are identical (a deployment's asset hash changes only when the models do)
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void build_should_refuse_a_version_whose_file_is_not_the_one_its_card_describes() throws IOException {
        // GIVEN a repository where iris/1.1.0's model.onnx was replaced after its card was written
        Path models = copyOfSample(IRIS);
        Files.writeString(models.resolve("iris/1.1.0/model.onnx"), "another model", StandardCharsets.UTF_8);

        // WHEN a layer with it is built
        // THEN it is refused, naming the version, and no zip is left behind
        Path zip = temp.resolve("models-layer.zip");
        assertThatThrownBy(() -> builder.build(models, List.of(IRIS), zip))
                .isInstanceOf(ModelsLayerException.class)
                .hasMessageContaining("iris/1.1.0")
                .hasMessageContaining("is not the file its card describes");
        assertThat(zip).doesNotExist();
    }

    @Test
    void build_should_refuse_a_version_that_is_not_in_the_repository() {
        // GIVEN a version the sample repository does not have
        ModelKey missing = ModelKey.parse("iris/9.9.9");

        // WHEN a layer with it is built
        // THEN it is refused
        assertThatThrownBy(() -> builder.build(SampleModels.root(), List.of(IRIS, missing), temp.resolve("l.zip")))
                .isInstanceOf(ModelsLayerException.class)
                .hasMessageContaining("iris/9.9.9");
    }

    private Path copyOfSample(ModelKey key) throws IOException {
        Path models = temp.resolve("models");
        Path folder = Files.createDirectories(models.resolve(key.name()).resolve(key.version()));
        Files.copy(SampleModels.modelFile(key), folder.resolve("model.onnx"));
        Files.copy(SampleModels.folder(key).resolve("model.json"), folder.resolve("model.json"));
        return models;
    }

    private static List<String> names(ZipFile zip) {
        List<String> names = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).forEach(names::add);
        return names;
    }
}
