package io.modelfn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.testkit.InMemoryChangeMarker;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The snapshot cache with a change marker (one small read per refresh) and a last-known-good copy. */
class RegistryChangeWatchTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration CAP = Duration.ofMinutes(15);

    private final MutableClock clock = MutableClock.atEpoch();
    private final RegistrySnapshot first = Registries.snapshot(List.of(),
            List.of(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 10000))));
    private final RegistrySnapshot second = Registries.snapshot(List.of(),
            List.of(Registries.endpoint("iris", Registries.variant("stable", "iris/1.1.0", 10000))));
    private final InMemoryRegistryReader table = new InMemoryRegistryReader(first);
    private final InMemoryChangeMarker marker = new InMemoryChangeMarker(new RegistryRevision(3, Instant.EPOCH));
    private final InMemoryRegistryReader snapshotObject = new InMemoryRegistryReader(first);
    private final List<String> ages = new CopyOnWriteArrayList<>();

    private RegistrySnapshotCache cache() {
        RegistrySnapshotCache cache = new RegistrySnapshotCache(table, clock, INTERVAL, CAP, Duration.ofHours(1));
        cache.watchChanges(marker, RegistrySnapshotCache.DEFAULT_SETTLE);
        cache.fallBackTo(snapshotObject);
        cache.metrics(new Metrics() {
            @Override
            public void record(RequestMetrics request) {
            }

            @Override
            public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                    double value, String unit) {
            }

            @Override
            public void recordRegistry(String source, String metric, double value, String unit) {
                ages.add(source + " " + metric + " " + value + " " + unit);
            }
        });
        return cache;
    }

    private static String servedVersion(RegistrySnapshotCache cache) {
        return cache.current().endpoint("iris").orElseThrow().variants().get(0).model().version();
    }

    @Test
    void refresh_should_cost_one_marker_read_per_interval_when_the_registry_is_unchanged() {
        RegistrySnapshotCache cache = cache();
        clock.advance(Duration.ofMinutes(1));
        cache.refresh();
        int fullReads = table.reads();

        for (int i = 0; i < 10; i++) {
            clock.advance(INTERVAL);
            cache.refresh();
        }

        assertThat(fullReads).isEqualTo(1);
        assertThat(table.reads()).isEqualTo(1);
        assertThat(marker.reads()).isEqualTo(11);
        assertThat(cache.current().readAt()).as("an unchanged registry counts as read now").isEqualTo(clock.instant());
    }

    @Test
    void refresh_should_see_a_change_at_the_first_interval_after_it() {
        RegistrySnapshotCache cache = cache();
        clock.advance(Duration.ofMinutes(1));
        cache.refresh();

        table.set(second);
        marker.set(new RegistryRevision(4, clock.instant().minusSeconds(3)));
        clock.advance(INTERVAL);
        cache.refresh();

        assertThat(servedVersion(cache)).isEqualTo("1.1.0");
        assertThat(table.reads()).isEqualTo(2);
    }

    @Test
    void refresh_should_read_everything_again_when_the_change_is_younger_than_the_settle_time() {
        RegistrySnapshotCache cache = cache();
        clock.advance(Duration.ofMinutes(1));
        cache.refresh();

        // The change is committed now; the index the full read uses may not show it yet.
        marker.set(new RegistryRevision(4, clock.instant()));
        cache.refresh();
        table.set(second);
        clock.advance(INTERVAL);
        cache.refresh();
        clock.advance(INTERVAL);
        cache.refresh();

        assertThat(servedVersion(cache)).isEqualTo("1.1.0");
        assertThat(table.reads()).as("first read, unsettled re-read, then settled").isEqualTo(3);
    }

    @Test
    void start_should_serve_the_snapshot_object_when_the_table_is_unavailable() {
        table.setDown(true);
        marker.setDown(true);
        clock.advance(Duration.ofMinutes(20));
        snapshotObject.set(first.readAgainAt(clock.instant().minus(Duration.ofMinutes(2))));
        RegistrySnapshotCache cache = cache();

        boolean read = cache.refresh();

        assertThat(read).isFalse();
        assertThat(servedVersion(cache)).isEqualTo("1.0.0");
        assertThat(cache.ready()).isTrue();
        assertThat(cache.source()).isEqualTo(RegistrySource.SNAPSHOT_OBJECT);
        assertThat(ages).containsExactly("snapshot-object " + MetricsContract.REGISTRY_SNAPSHOT_AGE + " 120.0 Seconds");
    }

    @Test
    void current_should_refuse_a_snapshot_object_older_than_the_staleness_cap() {
        table.setDown(true);
        clock.advance(Duration.ofHours(1));
        snapshotObject.set(first.readAgainAt(clock.instant().minus(CAP).minusSeconds(1)));
        RegistrySnapshotCache cache = cache();

        cache.refresh();

        assertThatThrownBy(cache::current).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("901 s old");
    }

    @Test
    void refresh_should_go_back_to_the_table_once_it_answers() {
        table.setDown(true);
        marker.setDown(true);
        snapshotObject.set(first.readAgainAt(clock.instant()));
        RegistrySnapshotCache cache = cache();
        cache.refresh();

        table.setDown(false);
        marker.setDown(false);
        table.set(second);
        clock.advance(INTERVAL);
        boolean read = cache.refresh();

        assertThat(read).isTrue();
        assertThat(cache.source()).isEqualTo(RegistrySource.TABLE);
        assertThat(servedVersion(cache)).isEqualTo("1.1.0");
        assertThat(snapshotObject.reads()).isEqualTo(1);
    }

    @Test
    void refresh_should_not_load_the_snapshot_object_while_it_holds_a_table_snapshot() {
        RegistrySnapshotCache cache = cache();
        cache.refresh();
        table.setDown(true);
        marker.setDown(true);

        clock.advance(INTERVAL);
        cache.refresh();

        assertThat(snapshotObject.reads()).isZero();
        assertThat(cache.source()).isEqualTo(RegistrySource.TABLE);
    }
    @Test
    void start_should_serve_an_earlier_read_without_reading_again_and_count_it_for_its_settled_revision() {
        // GIVEN a read made before the cache existed (marker first, then everything), a minute after the change
        clock.advance(Duration.ofMinutes(1));
        RegistrySnapshotCache.Read early = RegistrySnapshotCache.readOnce(clock, table, marker);
        clock.advance(Duration.ofSeconds(2));

        // WHEN the cache starts with it
        RegistrySnapshotCache cache = cache();
        cache.start(early);
        try {
            // THEN it serves that read, aged from when the read began, without another read of either
            assertThat(servedVersion(cache)).isEqualTo("1.0.0");
            assertThat(cache.current().readAt()).isEqualTo(early.started());
            assertThat(table.reads()).isEqualTo(1);
            assertThat(marker.reads()).isEqualTo(1);

            // AND it counts for revision 3: the next refresh with the marker unchanged reads only the marker
            clock.advance(INTERVAL);
            cache.refresh();
            assertThat(table.reads()).isEqualTo(1);
            assertThat(marker.reads()).isEqualTo(2);
        } finally {
            cache.close();
        }
    }

    @Test
    void start_should_read_everything_again_at_the_next_refresh_when_the_earlier_read_began_before_its_change_settled() {
        // GIVEN a change committed just now, and a read made at once (the index may not show the change yet)
        clock.advance(Duration.ofMinutes(1));
        marker.set(new RegistryRevision(4, clock.instant()));
        RegistrySnapshotCache.Read early = RegistrySnapshotCache.readOnce(clock, table, marker);
        table.set(second);

        // WHEN the cache starts with it, and refreshes once the change has settled
        RegistrySnapshotCache cache = cache();
        cache.start(early);
        try {
            clock.advance(INTERVAL);
            cache.refresh();

            // THEN the refresh read everything again, although the marker did not move, and serves the change
            assertThat(table.reads()).isEqualTo(2);
            assertThat(servedVersion(cache)).isEqualTo("1.1.0");
        } finally {
            cache.close();
        }
    }
}
