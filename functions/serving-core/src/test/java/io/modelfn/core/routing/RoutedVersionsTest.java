package io.modelfn.core.routing;

import static io.modelfn.core.testkit.Registries.endpoint;
import static io.modelfn.core.testkit.Registries.sample;
import static io.modelfn.core.testkit.Registries.snapshot;
import static io.modelfn.core.testkit.Registries.variant;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.ShadowConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutedVersionsTest {

    @Test
    void of_should_plan_the_routed_versions_most_traffic_first_not_the_unrouted_ones() {
        // GIVEN iris routed 90/10 to 1.1.0 and 1.0.0's successor canary, digits all on 1.0.0, and an
        // older iris version registered but routed nowhere
        RegistrySnapshot snapshot = snapshot(
                List.of(sample("iris/1.0.0"), sample("iris/1.1.0"), sample("digits/1.0.0"), sample("wide-mlp/1.0.0")),
                List.of(endpoint("iris", variant("stable", "iris/1.1.0", 9_000), variant("canary", "wide-mlp/1.0.0", 1_000)),
                        endpoint("digits", variant("stable", "digits/1.0.0", 10_000))));

        // WHEN the plan is made without pins
        RoutedVersions.Plan plan = RoutedVersions.of(snapshot, List.of());

        // THEN it loads what takes traffic, heaviest first, and not iris/1.0.0
        assertThat(keys(plan)).containsExactly("digits/1.0.0", "iris/1.1.0", "wide-mlp/1.0.0");
        assertThat(plan.versions().get(1).reason()).isEqualTo("routed by iris (stable)");
        assertThat(plan.unknownPins()).isEmpty();
    }

    @Test
    void of_should_add_sampled_shadows_and_pins_and_skip_remote_backends() {
        // GIVEN an endpoint with a sampled shadow, one on a SageMaker backend, and two pins (one unknown)
        EndpointConfig withShadow = new EndpointConfig("iris", List.of(variant("stable", "iris/1.1.0", 10_000)),
                new ShadowConfig(ModelKey.parse("iris/1.0.0"), 500), "iris", null, 1, Instant.EPOCH);
        EndpointConfig remote = new EndpointConfig("wide", List.of(variant("stable", "wide-mlp/1.0.0", 10_000)),
                null, "wide", "sagemaker:wide-gpu", 1, Instant.EPOCH);
        RegistrySnapshot snapshot = snapshot(
                List.of(sample("iris/1.0.0"), sample("iris/1.1.0"), sample("wide-mlp/1.0.0"), sample("digits/1.0.0")),
                List.of(withShadow, remote));

        // WHEN the plan is made with pins
        RoutedVersions.Plan plan = RoutedVersions.of(snapshot,
                List.of(ModelKey.parse("iris/1.1.0"), ModelKey.parse("digits/1.0.0"), ModelKey.parse("gone/9.9.9")));

        // THEN the served version, its shadow, then the new pin; the remote model and the unknown pin are not loaded
        assertThat(keys(plan)).containsExactly("iris/1.1.0", "iris/1.0.0", "digits/1.0.0");
        assertThat(plan.versions().get(1).reason()).isEqualTo("shadow of iris");
        assertThat(plan.versions().get(2).reason()).isEqualTo("pinned in the settings");
        assertThat(plan.unknownPins()).containsExactly("gone/9.9.9");
    }

    @Test
    void of_should_leave_out_a_shadow_sampled_at_zero() {
        EndpointConfig idle = new EndpointConfig("iris", List.of(variant("stable", "iris/1.1.0", 10_000)),
                new ShadowConfig(ModelKey.parse("iris/1.0.0"), 0), "iris", null, 1, Instant.EPOCH);

        RoutedVersions.Plan plan = RoutedVersions.of(
                snapshot(List.of(sample("iris/1.0.0"), sample("iris/1.1.0")), List.of(idle)), List.of());

        assertThat(keys(plan)).containsExactly("iris/1.1.0");
    }

    @Test
    void within_should_stop_at_the_first_version_past_the_memory_budget() {
        RegistrySnapshot snapshot = snapshot(List.of(sample("iris/1.1.0"), sample("digits/1.0.0")),
                List.of(endpoint("iris", variant("stable", "iris/1.1.0", 10_000)),
                        endpoint("digits", variant("stable", "digits/1.0.0", 10_000))));
        RoutedVersions.Plan plan = RoutedVersions.of(snapshot, List.of());
        long first = plan.versions().get(0).version().sizeBytes();
        long both = first + plan.versions().get(1).version().sizeBytes();

        assertThat(plan.within(both)).hasSize(2);
        assertThat(plan.within(both - 1)).hasSize(1);
        assertThat(plan.within(first - 1)).isEmpty();
    }

    private static List<String> keys(RoutedVersions.Plan plan) {
        return plan.versions().stream().map(p -> p.version().key().toString()).toList();
    }
}
