package io.modelfn.api.reliability;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.CountingInferenceEngine;
import io.modelfn.api.testing.CountingModelStore;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Model sources outside the allow-list are refused at load time, not only at registration: a
 * registry item written behind the admin API's back (a tampered table) that points at another bucket,
 * a URL, an absolute path or a path out of the model folder gets a 503, and nothing is fetched: the
 * model cache checks the location before it asks the store to open anything (0 opens), and the engine
 * never sees a file (0 loads). The version is not marked FAILED: its artifact was never looked at.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ModelSourceAllowListIT {

    @Inject
    CountingModelStore store;

    @Inject
    CountingInferenceEngine engine;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "src-other-bucket | s3://other-bucket/models/iris/1.0.0/model.onnx",
        "src-metadata-url | http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "src-https        | https://models.example.com/iris/1.0.0/model.onnx",
        "src-file-url     | file:///etc/passwd",
        "src-parent       | local:../../../../etc/passwd",
        "src-inner-parent | local:iris/../../../etc/passwd",
        "src-absolute     | local:/etc/passwd",
        "src-encoded      | local:%2e%2e/%2e%2e/etc/passwd",
        "src-backslash    | local:..\\..\\etc\\passwd",
        "src-no-scheme    | iris/1.0.0/model.onnx",
    })
    void infer_should_answer_503_without_fetching_when_the_registry_points_outside_the_allow_list(String name,
            String uri) {
        // GIVEN a version whose registry item points outside the model folder (digest and size of iris)
        ModelKey key = new ModelKey(name, "1.0.0");
        byte[] iris = BrokenArtifacts.sample("iris/1.0.0");
        BrokenArtifacts.register(key, uri, BrokenArtifacts.sha256(iris), iris.length);

        // WHEN it is asked
        var response = BrokenArtifacts.inferPinned(key);

        // THEN 503 that names nothing internal, no open of that location, no engine load, no FAILED mark
        String message = assertJsonError(response, 503, "model not available");
        assertThat(message).doesNotContain(uri);
        assertThat(store.opens(uri)).as("store opens of %s", uri).isZero();
        assertThat(engine.loads(key)).as("engine loads of %s", key).isZero();
        assertThat(BrokenArtifacts.record(key).version().state()).isEqualTo(LifecycleState.VALIDATED);
        // ...and the rest keeps serving
        assertThat(BrokenArtifacts.inferIris().statusCode()).isEqualTo(200);
    }
}
