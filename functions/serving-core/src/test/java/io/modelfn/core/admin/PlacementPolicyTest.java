package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.Registries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {

    private static final long MB = 1024 * 1024;
    /** Lambda with SnapStart: 512 MB of /tmp, 1 GB of model memory. */
    private final PlacementPolicy lambda = new PlacementPolicy(512 * MB, 1024 * MB);

    private final Map<ModelKey, ModelVersion> versions = Map.of(
            ModelKey.parse("small/1.0.0"), version("small/1.0.0", 5 * MB),
            ModelKey.parse("big/1.0.0"), version("big/1.0.0", 300 * MB),
            ModelKey.parse("huge/1.0.0"), version("huge/1.0.0", 700 * MB));

    private static ModelVersion version(String key, long size) {
        return Registries.version(key, FakeEngine.SIGNATURE, "local:" + key + "/model.onnx", "0".repeat(64), size);
    }

    private static EndpointConfig endpoint(String backend, ShadowConfig shadow, String... keys) {
        List<Variant> variants = new java.util.ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            variants.add(new Variant(i == 0 ? Variant.STABLE : Variant.CANARY, ModelKey.parse(keys[i]),
                    i == 0 ? Variant.TOTAL_WEIGHT : 0));
        }
        return new EndpointConfig("ep", variants, shadow, "ep", backend, 1, Instant.EPOCH);
    }

    @Test
    void requireRunnable_should_refuse_an_artifact_larger_than_the_functions_disk_and_suggest_a_remote_backend() {
        // GIVEN a 700 MB version on an endpoint served in the function
        EndpointConfig endpoint = endpoint("lambda", null, "huge/1.0.0");

        // WHEN checked / THEN refused, naming the limit and the remote backends
        assertThatThrownBy(() -> lambda.requireRunnable(endpoint, versions::get))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("huge/1.0.0 is 700 MB")
                .hasMessageContaining("/tmp holds 512 MB with SnapStart")
                .hasMessageContaining("sagemaker:<endpoint name>").hasMessageContaining("http:<url>");
    }

    @Test
    void requireRunnable_should_refuse_a_shadow_that_cannot_run_here_either() {
        EndpointConfig endpoint = endpoint("lambda", new ShadowConfig(ModelKey.parse("huge/1.0.0"), 1000), "small/1.0.0");

        assertThatThrownBy(() -> lambda.requireRunnable(endpoint, versions::get))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("huge/1.0.0");
    }

    @Test
    void requireRunnable_should_accept_any_size_on_a_remote_backend() {
        EndpointConfig endpoint = endpoint("sagemaker:gpu-endpoint", null, "huge/1.0.0");

        lambda.requireRunnable(endpoint, versions::get);
        assertThat(lambda.advice(endpoint, versions::get)).isEmpty();
    }

    @Test
    void advice_should_warn_when_a_version_takes_over_half_the_room_or_versions_do_not_fit_together() {
        // GIVEN a 300 MB stable and another 300 MB canary served in the function
        Map<ModelKey, ModelVersion> two = new java.util.HashMap<>(versions);
        two.put(ModelKey.parse("big/2.0.0"), version("big/2.0.0", 300 * MB));
        EndpointConfig endpoint = endpoint("lambda", null, "big/1.0.0", "big/2.0.0");

        // WHEN advised
        List<String> warnings = lambda.advice(endpoint, two::get);

        // THEN each is big for the function, and together they exceed it
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("big/1.0.0 (300 MB) takes over half");
        assertThat(warnings.get(2)).contains("2 versions need about 1200 MB of memory and 600 MB of disk together");
        // and a small model gets no advice
        assertThat(lambda.advice(versions.get(ModelKey.parse("small/1.0.0")))).isNull();
        assertThat(lambda.advice(versions.get(ModelKey.parse("huge/1.0.0")))).contains("only be served from an endpoint "
                + "with a remote backend");
    }

    @Test
    void unlimited_should_accept_everything() {
        EndpointConfig endpoint = endpoint("lambda", null, "huge/1.0.0");

        PlacementPolicy.UNLIMITED.requireRunnable(endpoint, versions::get);
        assertThat(PlacementPolicy.UNLIMITED.advice(endpoint, versions::get)).isEmpty();
    }
}
