package io.modelfn.api.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.routing.RoutedVersions;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PreloadPlans#load}: the start-up's loads of the routed versions. */
class PreloadPlansLoadTest {

    @TempDir
    Path cacheDir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final FakeEngine engine = new FakeEngine();
    private ModelCache cache;

    @AfterEach
    void closeCache() {
        store.release();
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void load_should_start_every_version_before_waiting_for_the_first_when_the_cache_has_two_loaders() throws Exception {
        // GIVEN two planned versions, a cache with two loader threads, and a store that holds every download
        List<RoutedVersions.Planned> plan = List.of(
                new RoutedVersions.Planned(stored("iris/1.1.0", "iris weights"), 100, "routed"),
                new RoutedVersions.Planned(stored("digits/1.0.0", "digits weights"), 100, "routed"));
        cache = new ModelCache(store, engine, new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 2), CacheListener.NONE);
        store.hold();

        // WHEN the plan loads
        CompletableFuture<Boolean> loaded = CompletableFuture.supplyAsync(() -> PreloadPlans.load(plan, cache));

        // THEN both downloads are under way while the first is still held (one after the other, only one would be)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.opens() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.opens()).isEqualTo(2);
        assertThat(loaded).isNotDone();

        // AND once the store lets them through, both are loaded, once each
        store.release();
        assertThat(loaded.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.loads()).isEqualTo(2);
        assertThat(plan).allSatisfy(p -> assertThat(cache.isLoaded(p.version().key())).isTrue());
    }

    @Test
    void load_should_answer_false_when_a_version_cannot_be_loaded() throws Exception {
        // GIVEN a plan whose second version's bytes differ from its registered digest
        ModelVersion genuine = stored("digits/1.0.0", "digits weights");
        ModelVersion tampered = Registries.version("digits/1.0.0", FakeEngine.SIGNATURE, "mem:digits/1.0.0",
                sha256("other bytes"), "digits weights".length());
        List<RoutedVersions.Planned> plan = List.of(
                new RoutedVersions.Planned(stored("iris/1.1.0", "iris weights"), 100, "routed"),
                new RoutedVersions.Planned(tampered, 100, "pinned"));
        cache = new ModelCache(store, engine, new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 2), CacheListener.NONE);

        // WHEN it loads, THEN it is not all loaded: the first is, the tampered one is not
        assertThat(PreloadPlans.load(plan, cache)).isFalse();
        assertThat(cache.isLoaded(plan.get(0).version().key())).isTrue();
        assertThat(cache.isLoaded(genuine.key())).isFalse();
    }

    private ModelVersion stored(String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String uri = "mem:" + key;
        store.put(uri, bytes);
        return Registries.version(key, FakeEngine.SIGNATURE, uri, sha256(content), bytes.length);
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
