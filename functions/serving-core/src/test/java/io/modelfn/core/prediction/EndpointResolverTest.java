package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.Registries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointResolverTest {

    private final EndpointResolver resolver = new EndpointResolver(new TrafficRouter());

    private static ModelVersion version(String key, LifecycleState state) {
        return Registries.version(key, FakeEngine.SIGNATURE, "mem:" + key, "0".repeat(64), 4).withState(state);
    }

    private static EndpointConfig halfAndHalf() {
        return new EndpointConfig("ep", List.of(new Variant(Variant.STABLE, ModelKey.parse("m/1.0.0"), 5000),
                new Variant(Variant.CANARY, ModelKey.parse("m/2.0.0"), 5000)), null, "salt", null, 1, Instant.EPOCH);
    }

    @Test
    void a_failed_canary_should_give_its_share_to_the_stable_variant() {
        // GIVEN a 50/50 endpoint whose canary version was marked FAILED
        RegistrySnapshot snapshot = Registries.snapshot(List.of(version("m/1.0.0", LifecycleState.PRODUCTION),
                version("m/2.0.0", LifecycleState.FAILED)), List.of(halfAndHalf()));

        // WHEN 200 callers are routed / THEN every one gets the stable version, named as stable
        for (int i = 0; i < 200; i++) {
            Resolution resolution = resolver.resolve(snapshot, "ep", null, "caller-" + i);
            assertThat(resolution.variant()).isEqualTo(Variant.STABLE);
            assertThat(resolution.version().key()).isEqualTo(ModelKey.parse("m/1.0.0"));
        }
    }

    @Test
    void an_endpoint_with_no_version_that_can_take_traffic_should_say_so() {
        RegistrySnapshot snapshot = Registries.snapshot(List.of(version("m/1.0.0", LifecycleState.FAILED),
                version("m/2.0.0", LifecycleState.FAILED)), List.of(halfAndHalf()));

        assertThatThrownBy(() -> resolver.resolve(snapshot, "ep", null, "caller"))
                .isInstanceOf(NoServableVersionException.class).hasMessageContaining("FAILED");
    }

    @Test
    void a_healthy_canary_should_still_get_its_share() {
        RegistrySnapshot snapshot = Registries.snapshot(List.of(version("m/1.0.0", LifecycleState.PRODUCTION),
                version("m/2.0.0", LifecycleState.STAGING)), List.of(halfAndHalf()));

        long canaries = java.util.stream.IntStream.range(0, 400)
                .mapToObj(i -> resolver.resolve(snapshot, "ep", null, "caller-" + i).variant())
                .filter(Variant.CANARY::equals).count();

        assertThat(canaries).isBetween(120L, 280L);
    }
}
