package io.modelfn.core.registry.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.ModelRegistryContract;
import io.modelfn.core.testkit.MutableClock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry contract holds through the publishing decorator, and every change publishes once. */
class PublishingModelRegistryTest extends ModelRegistryContract {

    private final AtomicInteger publications = new AtomicInteger();
    private final AtomicInteger failureMetrics = new AtomicInteger();
    private final AtomicBoolean publisherDown = new AtomicBoolean();
    private InMemoryModelRegistry fake;

    @Override
    protected ModelRegistry newRegistry(MutableClock clock) {
        fake = new InMemoryModelRegistry(clock);
        return new PublishingModelRegistry(fake, () -> {
            publications.incrementAndGet();
            if (publisherDown.get()) {
                throw new IllegalStateException("bucket unreachable");
            }
        }, failureMetrics::incrementAndGet);
    }

    @Test
    void every_change_should_publish_the_snapshot_once_after_it_is_committed() {
        // GIVEN nothing published yet
        // WHEN a version is created, moved, aliased, put behind an endpoint, changed atomically and deleted
        registry.createVersion(version("iris/1.0.0", LifecycleState.VALIDATED), "{}", ALICE);
        registry.createVersion(version("iris/1.1.0", LifecycleState.VALIDATED), "{}", ALICE);
        registry.transition(ModelKey.parse("iris/1.0.0"), LifecycleState.PRODUCTION, "ok", 1, ALICE);
        registry.setAlias("iris", "production", "1.0.0", 0, ALICE);
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        registry.atomically(List.of(new Mutation.SetAlias("iris", "production", "1.0.0", 1)), BOB);
        registry.transition(ModelKey.parse("iris/1.1.0"), LifecycleState.ARCHIVED, "old", 1, ALICE);
        registry.deleteVersion(ModelKey.parse("iris/1.1.0"), 2, ALICE);

        // THEN each of the eight changes published once
        assertThat(publications).hasValue(8);
    }

    @Test
    void a_refused_change_should_publish_nothing() {
        // GIVEN an endpoint at revision 1
        registry.putEndpoint(split("iris", 10_000), 0, ALICE);
        publications.set(0);

        // WHEN a stale writer tries again, and an empty change is made
        assertThatThrownBy(() -> registry.putEndpoint(split("iris", 10_000), 0, BOB))
                .isInstanceOf(ConflictException.class);
        registry.atomically(List.of(), BOB);

        // THEN nothing was published
        assertThat(publications).hasValue(0);
    }

    @Test
    void a_failed_publication_should_neither_fail_nor_undo_the_change_and_should_be_counted() {
        // GIVEN the bucket cannot be written
        publisherDown.set(true);

        // WHEN an endpoint is created
        var stored = registry.putEndpoint(split("iris", 10_000), 0, ALICE);

        // THEN the change is committed, and the failure counted for the metric
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(fake.endpoint("iris")).contains(stored);
        assertThat(failureMetrics).hasValue(1);
        assertThat(((PublishingModelRegistry) registry).failedPublications()).isEqualTo(1);
    }
}
