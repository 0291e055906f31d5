package io.modelfn.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.store.BundledArtifacts;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.Registries;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledModelFolderTest {

    private static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");

    @TempDir
    Path temp;

    private Path layer;

    @BeforeEach
    void layer() throws IOException {
        // As Lambda extracts the models layer: <folder>/<name>/<version>/model.onnx beside model.json.
        layer = Files.createDirectories(temp.resolve("opt/models"));
        Path version = Files.createDirectories(layer.resolve("iris/1.1.0"));
        Files.copy(SampleModels.modelFile(IRIS), version.resolve("model.onnx"));
        Files.copy(SampleModels.folder(IRIS).resolve("model.json"), version.resolve("model.json"));
    }

    @Test
    void candidate_should_name_the_bundled_file_when_the_version_is_in_the_folder() throws IOException {
        // GIVEN a models layer holding iris/1.1.0
        BundledArtifacts bundled = BundledModelFolder.at(layer);

        // WHEN the cache asks for iris/1.1.0
        var candidate = bundled.candidate(IRIS);

        // THEN it gets the layer's file
        assertThat(candidate).contains(layer.resolve("iris/1.1.0/model.onnx").toRealPath());
    }

    @Test
    void candidate_should_be_empty_when_the_version_is_not_bundled() {
        // GIVEN a models layer holding iris/1.1.0 only
        BundledArtifacts bundled = BundledModelFolder.at(layer);

        // WHEN the cache asks for other versions
        // THEN there is no candidate: the store serves them
        assertThat(bundled.candidate(ModelKey.parse("iris/1.0.0"))).isEmpty();
        assertThat(bundled.candidate(ModelKey.parse("digits/1.0.0"))).isEmpty();
    }

    @Test
    void at_should_ignore_a_folder_that_does_not_exist() {
        // GIVEN no layer attached (no /opt/models)
        // WHEN the folder is opened
        BundledArtifacts bundled = BundledModelFolder.at(temp.resolve("no-such-folder"));

        // THEN nothing is bundled, and nothing fails
        assertThat(bundled).isSameAs(BundledArtifacts.NONE);
        assertThat(bundled.candidate(IRIS)).isEmpty();
    }

    @Test
    void candidate_should_be_empty_when_the_key_would_leave_the_folder() throws IOException {
        // GIVEN a file beside the layer folder
        Files.createDirectories(temp.resolve("opt/secret"));
        Files.writeString(temp.resolve("opt/secret/model.onnx"), "not a model", StandardCharsets.UTF_8);
        BundledArtifacts bundled = BundledModelFolder.at(layer);

        // WHEN a key with path tricks asks for it
        // THEN no candidate is handed out
        assertThat(bundled.candidate(new ModelKey("..", "secret"))).isEmpty();
        assertThat(bundled.candidate(new ModelKey("iris", "../../secret"))).isEmpty();
    }

    @Test
    void candidate_should_be_empty_when_a_link_leads_out_of_the_folder() throws IOException {
        // GIVEN a version folder that is a link to a folder outside the layer
        Path outside = Files.createDirectories(temp.resolve("outside/1.0.0"));
        Files.writeString(outside.resolve("model.onnx"), "outside bytes", StandardCharsets.UTF_8);
        Files.createDirectories(layer.resolve("linked"));
        Files.createSymbolicLink(layer.resolve("linked/1.0.0"), outside);
        BundledArtifacts bundled = BundledModelFolder.at(layer);

        // WHEN the cache asks for that version
        // THEN the link is not followed out of the folder
        assertThat(bundled.candidate(ModelKey.parse("linked/1.0.0"))).isEmpty();
    }

    @Test
    void model_cache_should_serve_from_the_layer_when_it_matches_and_from_the_store_when_it_does_not(
            @TempDir Path cacheDir) throws IOException {
        // GIVEN a models layer with iris/1.1.0, and a store (the sample folder) holding every version
        LocalFolderModelStore store = new LocalFolderModelStore(SampleModels.root());
        FakeEngine engine = new FakeEngine();
        ModelVersion matching = Registries.sample("iris/1.1.0");
        ModelVersion otherBytes = withSha256(Registries.sample("iris/1.1.0"), Sha256.hex("re-registered".getBytes(StandardCharsets.UTF_8)));
        try (ModelCache cache = new ModelCache(store, BundledModelFolder.at(layer), engine,
                new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(10), Duration.ZERO, 1),
                CacheListener.NONE)) {

            // WHEN iris/1.1.0 is loaded as registered
            cache.preload(matching);

            // THEN the engine gets the layer's file (no copy under the cache folder)
            assertThat(engine.files()).containsExactly(layer.resolve("iris/1.1.0/model.onnx").toRealPath());
            assertThat(cacheDir.resolve("iris/1.1.0/model.onnx")).doesNotExist();

            // WHEN the registry then names other bytes for the same version
            cache.evict(matching.key());
            Throwable attempt = catchThrowable(() -> cache.preload(otherBytes));

            // THEN the layer's copy is passed over and the store is read (its bytes are refused by the
            // digest check, as any store's would be): the layer never serves bytes the registry did not name
            assertThat(engine.files()).hasSize(1);
            assertThat(attempt).hasMessageContaining("does not match the registered");
        }
    }

    private static ModelVersion withSha256(ModelVersion version, String sha256) {
        return new ModelVersion(version.key(), version.artifact(), sha256, version.sizeBytes(), version.signature(),
                version.state(), version.task(), version.labels(), version.features(), version.createdAt());
    }
}
