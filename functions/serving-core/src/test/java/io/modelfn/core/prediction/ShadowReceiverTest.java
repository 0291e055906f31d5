package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.shadow.ShadowCopy;
import io.modelfn.core.shadow.ShadowEventJson;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.Registries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowReceiverTest {

    @TempDir
    Path dir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final ShadowTestKit.RecordedEvents events = new ShadowTestKit.RecordedEvents();
    private ModelCache cache;
    private ModelVersion stable;
    private ModelVersion shadow;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    private RegistrySnapshot registry(long revision, boolean withShadow) {
        EndpointConfig iris = new EndpointConfig("iris",
                List.of(new Variant(Variant.STABLE, stable.key(), Variant.TOTAL_WEIGHT)),
                withShadow ? new ShadowConfig(shadow.key(), Variant.TOTAL_WEIGHT) : null, "iris", null, revision,
                Instant.EPOCH);
        return Registries.snapshot(withShadow ? List.of(stable, shadow) : List.of(stable), List.of(iris));
    }

    private ShadowReceiver receiver(InMemoryRegistryReader reader) {
        cache = new ModelCache(store, new FakeEngine(), new ModelCache.Settings(dir, 1 << 20, Duration.ofSeconds(5),
                Duration.ZERO, 1), CacheListener.NONE);
        RegistrySnapshotCache snapshots = new RegistrySnapshotCache(reader, Clock.systemUTC(), Duration.ofMinutes(1),
                Duration.ofMinutes(10), Duration.ofMinutes(1));
        snapshots.refresh();
        return new ShadowReceiver(snapshots, new ShadowComparison(cache, null, events), events);
    }

    private void versions() throws Exception {
        stable = ShadowTestKit.stored(store, "iris/1.0.0");
        shadow = ShadowTestKit.stored(store, "iris/2.0.0");
    }

    @Test
    void receive_should_compare_the_copy_with_the_version_the_registry_holds() throws Exception {
        // GIVEN the registry with the shadow, and an event of a copy whose served answer was 10
        versions();
        ShadowReceiver receiver = receiver(new InMemoryRegistryReader(registry(3, true)));
        byte[] event = ShadowEventJson.encode(copy(3));

        // WHEN the event is received
        var outcome = receiver.receive(event);

        // THEN the shadow ran (1+2+3+4 = 10): one comparison, in agreement
        assertThat(outcome).isEqualTo(ShadowComparison.Outcome.AGREED);
        assertThat(events.values(MetricsContract.SHADOW_COMPARED)).containsExactly(1.0);
        assertThat(events.all()).filteredOn(e -> e.metric().equals(MetricsContract.SHADOW_DISAGREEMENT))
                .singleElement().satisfies(e -> {
                    assertThat(e.endpoint()).isEqualTo("iris");
                    assertThat(e.model()).isEqualTo("iris");
                    assertThat(e.version()).isEqualTo("2.0.0");
                    assertThat(e.value()).isZero();
                });
    }

    @Test
    void receive_should_read_the_registry_again_when_the_event_is_newer_than_the_snapshot() throws Exception {
        // GIVEN a snapshot read at revision 1, before the shadow was added at revision 2
        versions();
        InMemoryRegistryReader reader = new InMemoryRegistryReader(registry(1, false));
        ShadowReceiver receiver = receiver(reader);
        reader.set(registry(2, true));

        // WHEN an event served at revision 2 arrives
        var outcome = receiver.receive(ShadowEventJson.encode(copy(2)));

        // THEN the registry was read again and the copy compared
        assertThat(outcome).isEqualTo(ShadowComparison.Outcome.AGREED);
        assertThat(events.count(MetricsContract.SHADOW_COMPARED)).isEqualTo(1);
    }

    @Test
    void receive_should_count_a_failure_when_the_version_is_gone_or_the_event_unreadable() throws Exception {
        // GIVEN a registry that no longer holds the shadow version
        versions();
        ShadowReceiver receiver = receiver(new InMemoryRegistryReader(registry(5, false)));

        // WHEN an event for it, and an event that is not one, arrive
        var gone = receiver.receive(ShadowEventJson.encode(copy(4)));
        var unreadable = receiver.receive("{\"modelfnShadow\":1}".getBytes(StandardCharsets.UTF_8));

        // THEN each counts one failure and nothing claims a comparison
        assertThat(gone).isEqualTo(ShadowComparison.Outcome.FAILED);
        assertThat(unreadable).isEqualTo(ShadowComparison.Outcome.FAILED);
        assertThat(events.all()).extracting(ShadowTestKit.Event::metric, ShadowTestKit.Event::endpoint)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MetricsContract.SHADOW_FAILED, "iris"),
                        org.assertj.core.groups.Tuple.tuple(MetricsContract.SHADOW_FAILED, MetricsContract.UNKNOWN));
    }

    private ShadowCopy copy(long revision) {
        return new ShadowCopy("iris", shadow, ShadowTestKit.input(), ShadowTestKit.sum(10f), null, "req-1", revision);
    }
}
