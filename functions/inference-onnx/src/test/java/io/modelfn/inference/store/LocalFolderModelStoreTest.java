package io.modelfn.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.testkit.SampleModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFolderModelStoreTest {

    private static final ModelKey IRIS = ModelKey.parse("iris/1.1.0");

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private LocalFolderModelStore store;

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectories(temp.resolve("models"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("model.onnx"), "secret", StandardCharsets.UTF_8);
        Files.createDirectories(root.resolve("iris/1.0.0"));
        Files.writeString(root.resolve("iris/1.0.0/model.onnx"), "iris bytes", StandardCharsets.UTF_8);
        store = new LocalFolderModelStore(root);
    }

    @Test
    void open_should_serve_the_sample_model_bytes_when_the_location_is_in_the_folder() throws IOException {
        // GIVEN the sample model repository and the location the store hands out for iris/1.1.0
        LocalFolderModelStore samples = new LocalFolderModelStore(SampleModels.root());
        ArtifactLocation location = LocalFolderModelStore.locationOf(IRIS);

        // WHEN it is opened
        byte[] bytes;
        try (InputStream in = samples.open(location)) {
            bytes = in.readAllBytes();
        }

        // THEN the bytes are the file's, and match the card's digest
        assertThat(location.uri()).isEqualTo("local:iris/1.1.0/model.onnx");
        assertThat(bytes).isEqualTo(Files.readAllBytes(SampleModels.modelFile(IRIS)));
        assertThat(Sha256.hex(bytes)).isEqualTo(SampleModels.card(IRIS).artifact().sha256());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "local:../x",
        "local:../outside/model.onnx",
        "local:/etc/passwd",
        "local:iris/../../x",
        "local:iris/../../outside/model.onnx",
        "local:./iris/1.0.0/model.onnx",
        "local:iris/1.0.0/./model.onnx",
        "local:iris//1.0.0/model.onnx",
        "local:iris/1.0.0/",
        "local:",
        "local:iris\\..\\..\\outside\\model.onnx",
        "local:%2e%2e/outside/model.onnx",
        "local:iris%2F1.0.0%2Fmodel.onnx",
        "local:C:/Windows/win.ini",
        "local:~/model.onnx",
        "local:.hidden/model.onnx",
        "local:iris/1.0.0/model.onnx\u0000",
        "local:iris/1.0.0/model onnx",
        "LOCAL:iris/1.0.0/model.onnx",
        "local://iris/1.0.0/model.onnx",
        "file:iris/1.0.0/model.onnx",
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/model.onnx",
        "s3://bucket/iris/1.0.0/model.onnx",
        "iris/1.0.0/model.onnx",
        "/etc/passwd",
    })
    void open_should_refuse_when_the_location_is_not_a_safe_relative_local_path(String uri) {
        // GIVEN a location outside the rules
        ArtifactLocation location = ArtifactLocation.of(uri);

        // WHEN / THEN it is refused, without reading anything
        assertThat(store.accepts(location)).isFalse();
        assertThatThrownBy(() -> store.open(location))
                .isInstanceOf(ModelSourceRefusedException.class)
                .hasMessageContaining("refused model location")
                .hasMessageContaining(store.describe());
    }

    @Test
    void open_should_refuse_when_a_link_inside_the_folder_leads_to_a_folder_outside() throws IOException {
        // GIVEN models/escape -> ../outside, a folder that holds a model.onnx
        Files.createSymbolicLink(root.resolve("escape"), outside);
        ArtifactLocation location = ArtifactLocation.of("local:escape/model.onnx");

        // WHEN / THEN the location looks fine but resolves outside: refused
        assertThat(store.accepts(location)).isTrue();
        assertThatThrownBy(() -> store.open(location))
                .isInstanceOf(ModelSourceRefusedException.class)
                .hasMessageContaining("outside the folder");
    }

    @Test
    void open_should_refuse_when_a_model_file_is_a_link_to_a_file_outside() throws IOException {
        // GIVEN models/wine/1.0.0/model.onnx -> outside/model.onnx
        Path version = Files.createDirectories(root.resolve("wine/1.0.0"));
        Files.createSymbolicLink(version.resolve("model.onnx"), outside.resolve("model.onnx"));

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(LocalFolderModelStore.locationOf(ModelKey.parse("wine/1.0.0"))))
                .isInstanceOf(ModelSourceRefusedException.class);
    }

    @Test
    void open_should_refuse_rather_than_report_missing_when_the_missing_file_lies_behind_a_link_outside()
            throws IOException {
        // GIVEN models/escape -> ../outside, and nothing at outside/nothing-here
        Files.createSymbolicLink(root.resolve("escape"), outside);

        // WHEN / THEN nothing outside the folder is probed: refused, not "not found"
        assertThatThrownBy(() -> store.open(ArtifactLocation.of("local:escape/nothing-here/model.onnx")))
                .isInstanceOf(ModelSourceRefusedException.class);
    }

    @Test
    void open_should_follow_a_link_when_it_stays_inside_the_folder() throws IOException {
        // GIVEN models/latest -> models/iris/1.0.0
        Files.createSymbolicLink(root.resolve("latest"), root.resolve("iris/1.0.0"));

        // WHEN
        byte[] bytes;
        try (InputStream in = store.open(ArtifactLocation.of("local:latest/model.onnx"))) {
            bytes = in.readAllBytes();
        }

        // THEN
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("iris bytes");
    }

    @Test
    void open_should_serve_the_folder_when_the_root_itself_is_a_link() throws IOException {
        // GIVEN a store whose root is a link to the model folder
        Path link = Files.createSymbolicLink(temp.resolve("models-link"), root);
        LocalFolderModelStore linked = new LocalFolderModelStore(link);

        // WHEN
        byte[] bytes;
        try (InputStream in = linked.open(LocalFolderModelStore.locationOf(ModelKey.parse("iris/1.0.0")))) {
            bytes = in.readAllBytes();
        }

        // THEN
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("iris bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local:iris/9.9.9/model.onnx", "local:nope/model.onnx", "local:iris/1.0.0/model.onnx/x"})
    void open_should_throw_not_found_when_nothing_is_stored_there(String uri) {
        // GIVEN a safe location with no file

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(ArtifactLocation.of(uri)))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessageContaining(uri);
    }

    @Test
    void open_should_throw_not_found_when_the_location_is_a_folder() {
        // GIVEN a location naming a folder, not a file

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(ArtifactLocation.of("local:iris/1.0.0")))
                .isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    void open_should_echo_at_most_200_characters_when_it_refuses_a_long_location() {
        // GIVEN a very long location whose end carries a marker
        String uri = "file:///" + "a".repeat(5000) + "END-MARKER";

        // WHEN / THEN
        assertThatThrownBy(() -> store.open(ArtifactLocation.of(uri)))
                .isInstanceOf(ModelSourceRefusedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("END-MARKER").doesNotContain("a".repeat(201)));
    }

    @Test
    void locationOf_should_refuse_when_the_name_or_version_is_not_a_safe_segment() {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> LocalFolderModelStore.locationOf(new ModelKey("..", "1.0.0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalFolderModelStore.locationOf(new ModelKey("iris", "1.0.0/../../x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_should_refuse_when_the_folder_does_not_exist() {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> new LocalFolderModelStore(temp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
