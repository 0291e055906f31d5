package io.modelfn.core.registry.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistryUnavailableException;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.ModelRegistryContract;
import io.modelfn.core.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link ModelRegistry} contract on the in-memory fake, and what only the fake does. */
class InMemoryModelRegistryTest extends ModelRegistryContract {

    @Override
    protected ModelRegistry newRegistry(MutableClock clock) {
        return new InMemoryModelRegistry(clock);
    }

    private InMemoryModelRegistry fake() {
        return (InMemoryModelRegistry) registry;
    }

    @Test
    void read_should_serve_endpoints_aliases_and_the_versions_that_may_be_served_when_wired_as_the_reader() {
        // GIVEN a production version, a failed one, an archived one an endpoint still names, and an alias
        registry.createVersion(version("iris/1.1.0", LifecycleState.PRODUCTION), "{}", ALICE);
        registry.createVersion(version("iris/1.2.0", LifecycleState.FAILED), "{}", ALICE);
        registry.createVersion(version("iris/1.0.0", LifecycleState.ARCHIVED), "{}", ALICE);
        registry.createVersion(version("iris/0.9.0", LifecycleState.ARCHIVED), "{}", ALICE);
        EndpointConfig endpoint = registry.putEndpoint(split("iris", 9_000).withVariants(List.of(
                split("iris", 9_000).variants().get(0).withWeight(9_000),
                new io.modelfn.core.registry.Variant("canary", ModelKey.parse("iris/1.1.0"), 1_000))), 0, ALICE);
        registry.setAlias("iris", "production", "1.1.0", 0, ALICE);
        clock.advance(Duration.ofSeconds(3));

        // WHEN the serving path reads the same object
        RegistrySnapshot snapshot = fake().read();

        // THEN it sees what the admin side wrote
        assertThat(snapshot.endpoints()).containsOnlyKeys("iris");
        assertThat(snapshot.endpoint("iris")).contains(endpoint);
        assertThat(snapshot.versions()).containsOnlyKeys(ModelKey.parse("iris/1.1.0"), ModelKey.parse("iris/1.0.0"));
        assertThat(snapshot.alias("iris", "production")).contains("1.1.0");
        assertThat(snapshot.readAt()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void every_call_should_throw_registry_unavailable_when_the_fake_is_set_unavailable() {
        // GIVEN an endpoint, then the registry goes down
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        fake().setUnavailable(true);

        // WHEN reads, writes and idempotent calls are made / THEN each fails as a down registry does
        assertThatThrownBy(() -> registry.endpoint("iris")).isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 9_000), 1, BOB))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> registry.idempotent("key-1", "fp", () -> "x"))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(fake()::read).isInstanceOf(RegistryUnavailableException.class);

        // AND once it is back, nothing was written meanwhile
        fake().setUnavailable(false);
        assertThat(registry.endpoint("iris").orElseThrow().revision()).isEqualTo(1);
        assertThat(registry.audit(AuditEvent.endpointSubject("iris"), 10)).hasSize(1);
    }
}
