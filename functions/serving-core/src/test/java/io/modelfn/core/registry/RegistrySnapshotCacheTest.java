package io.modelfn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrySnapshotCacheTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final RegistrySnapshot first = Registries.snapshot(List.of(),
            List.of(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 10000))));
    private final RegistrySnapshot second = Registries.snapshot(List.of(),
            List.of(Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000))));
    private final InMemoryRegistryReader reader = new InMemoryRegistryReader(first);

    private RegistrySnapshotCache cache(Duration interval, Duration cap, Duration syncAfter) {
        return new RegistrySnapshotCache(reader, clock, interval, cap, syncAfter);
    }

    @Test
    void current_should_serve_the_last_good_snapshot_while_the_registry_is_down() {
        RegistrySnapshotCache cache = cache(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1));
        cache.refresh();
        reader.setDown(true);

        clock.advance(Duration.ofMinutes(5));
        boolean refreshed = cache.refresh();

        assertThat(refreshed).isFalse();
        assertThat(cache.current().endpoints()).containsKey("iris");
        assertThat(cache.ready()).isTrue();
        assertThat(cache.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void current_should_refuse_with_503_once_the_copy_is_older_than_the_staleness_cap() {
        RegistrySnapshotCache cache = cache(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1));
        cache.refresh();
        reader.setDown(true);

        clock.advance(Duration.ofMinutes(11));

        assertThatThrownBy(cache::current).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("660 s old");
        assertThat(cache.ready()).isFalse();
    }

    @Test
    void current_should_refuse_before_the_registry_was_ever_read() {
        reader.setDown(true);
        RegistrySnapshotCache cache = cache(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1));
        cache.refresh();

        assertThatThrownBy(cache::current).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("has not been read");
    }

    @Test
    void current_should_refresh_synchronously_after_a_long_pause() {
        RegistrySnapshotCache cache = cache(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(10));
        cache.refresh();
        reader.set(second);

        clock.advance(Duration.ofSeconds(30));
        RegistrySnapshot served = cache.current();

        assertThat(served.endpoint("iris").orElseThrow().variants().get(0).model().version()).isEqualTo("1.1.0");
        assertThat(served.readAt()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
    }

    @Test
    void refreshDue_should_say_when_the_next_current_may_read_the_registry() {
        // GIVEN a cache that refreshes before serving once its copy is older than 10 s
        RegistrySnapshotCache cache = cache(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(10));

        // WHEN nothing was read yet THEN a read is due
        assertThat(cache.refreshDue()).isTrue();

        // WHEN a fresh copy is held THEN none is, up to 10 s
        cache.refresh();
        assertThat(cache.refreshDue()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(cache.refreshDue()).isFalse();

        // WHEN the copy gets older, and the registry stays down so refreshes fail THEN one is due until a read succeeds
        reader.setDown(true);
        clock.advance(Duration.ofSeconds(1));
        cache.refresh();
        assertThat(cache.refreshDue()).isTrue();
        reader.setDown(false);
        cache.refresh();
        assertThat(cache.refreshDue()).isFalse();
    }

    @Test
    void start_should_pick_up_changes_within_the_refresh_interval() throws InterruptedException {
        try (RegistrySnapshotCache cache = new RegistrySnapshotCache(reader, java.time.Clock.systemUTC(),
                Duration.ofMillis(50), Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            cache.start();
            assertThat(cache.current().endpoint("iris").orElseThrow().variants().get(0).model().version()).isEqualTo("1.0.0");

            reader.set(second);
            Thread.sleep(300);

            assertThat(cache.current().endpoint("iris").orElseThrow().variants().get(0).model().version()).isEqualTo("1.1.0");
        }
    }
}
