package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.routing.TrafficRouter;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model readiness rule: asking starts the loads of the versions that take a name's traffic. */
class ReadinessTest {

    @TempDir
    Path cacheDir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final EndpointResolver resolver = new EndpointResolver(new TrafficRouter());
    private ModelCache cache;

    @AfterEach
    void closeCache() {
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void of_should_start_the_load_of_every_weighted_version_and_answer_loading_until_all_are_loaded() throws Exception {
        // GIVEN an endpoint split 90/10 over two versions nothing has loaded, and a store holding downloads
        ModelVersion stable = stored("iris/1.0.0", "stable", LifecycleState.VALIDATED);
        ModelVersion canary = stored("iris/1.1.0", "canary", LifecycleState.VALIDATED);
        RegistrySnapshot snapshot = Registries.snapshot(List.of(stable, canary), List.of(Registries.endpoint("iris",
                Registries.variant("stable", "iris/1.0.0", 90), Registries.variant("canary", "iris/1.1.0", 10))));
        cache();
        store.hold();

        // WHEN readiness is asked while the downloads are held
        Readiness whileLoading = Readiness.of(snapshot, resolver, cache, false, "iris", null);

        // THEN it is loading, and both loads have started
        assertThat(whileLoading.state()).isEqualTo(Readiness.State.LOADING);
        assertThat(whileLoading.reason()).isNull();
        await(() -> store.opens() == 2);

        // AND once the downloads go on, it becomes ready from those two loads
        store.release();
        await(() -> Readiness.of(snapshot, resolver, cache, false, "iris", null).state() == Readiness.State.READY);
        assertThat(store.opens()).isEqualTo(2);
    }

    @Test
    void of_should_answer_failed_and_load_nothing_when_every_weighted_version_is_failed() throws Exception {
        // GIVEN an endpoint whose only version was refused (FAILED in the registry)
        ModelVersion refused = stored("iris/1.0.0", "weights", LifecycleState.FAILED);
        RegistrySnapshot snapshot = Registries.snapshot(List.of(refused), List.of(Registries.endpoint("iris",
                Registries.variant("stable", "iris/1.0.0", 100))));
        cache();

        // WHEN readiness is asked, in a service that forwards to remote backends and in one that does not
        Readiness forwarding = Readiness.of(snapshot, resolver, cache, true, "iris", null);
        Readiness local = Readiness.of(snapshot, resolver, cache, false, "iris", null);

        // THEN both say it is not ready and why, and nothing was fetched for the refused version
        for (Readiness readiness : List.of(forwarding, local)) {
            assertThat(readiness.state()).isEqualTo(Readiness.State.FAILED);
            assertThat(readiness.reason()).contains("iris/1.0.0", "which is FAILED");
        }
        assertThat(store.opens()).isZero();
    }

    @Test
    void of_should_throw_not_found_and_load_nothing_when_the_name_or_version_is_unknown() throws Exception {
        // GIVEN a registry with iris 1.0.0 only
        ModelVersion version = stored("iris/1.0.0", "weights", LifecycleState.VALIDATED);
        RegistrySnapshot snapshot = Registries.snapshot(List.of(version), List.of(Registries.endpoint("iris",
                Registries.variant("stable", "iris/1.0.0", 100))));
        cache();

        // WHEN / THEN unknown names and versions are not found (404 at the edge), and nothing is fetched
        assertThatThrownBy(() -> Readiness.of(snapshot, resolver, cache, false, "no-such-model", null))
                .isInstanceOf(EndpointNotFoundException.class);
        assertThatThrownBy(() -> Readiness.of(snapshot, resolver, cache, false, "iris", "9.9.9"))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(store.opens()).isZero();
    }

    private void cache() {
        cache = new ModelCache(store, new FakeEngine(), new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 2), CacheListener.NONE);
    }

    private ModelVersion stored(String key, String content, LifecycleState state) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String uri = "mem:" + key;
        store.put(uri, bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        ModelVersion v = Registries.version(key, FakeEngine.SIGNATURE, uri, sha, bytes.length);
        return new ModelVersion(v.key(), v.artifact(), v.sha256(), v.sizeBytes(), v.signature(), state, v.task(),
                v.labels(), v.features(), v.createdAt());
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
