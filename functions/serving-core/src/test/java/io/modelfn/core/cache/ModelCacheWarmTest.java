package io.modelfn.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.store.BundledArtifacts;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelCache#warm}: what readiness probes ask; starts the one load, never waits for it. */
class ModelCacheWarmTest {

    @TempDir
    Path cacheDir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final FakeEngine engine = new FakeEngine();
    private ModelCache cache;

    @AfterEach
    void closeCache() {
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void warm_should_start_one_load_and_answer_loading_until_it_is_done_when_64_probes_ask_at_once() throws Exception {
        // GIVEN a cold cache and a store that holds the download
        ModelVersion version = stored("iris/1.0.0", "weights");
        cache(Duration.ofSeconds(5));
        store.hold();

        // WHEN 64 probes ask at the same moment
        List<Future<LoadState>> answers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return cache.warm(version);
                }));
            }
            start.countDown();
            // THEN none of them waited for the load: every one answered "loading" while the store still holds it
            for (Future<LoadState> answer : answers) {
                assertThat(answer.get().phase()).isEqualTo(LoadState.Phase.LOADING);
            }
        }
        assertThat(cache.isLoaded(version.key())).isFalse();

        // AND once the download goes on, the one load completes and the next probe hears "loaded"
        store.release();
        LoadState after = eventually(() -> cache.warm(version), s -> s.phase() != LoadState.Phase.LOADING);
        assertThat(after.phase()).isEqualTo(LoadState.Phase.LOADED);
        assertThat(store.opens()).isEqualTo(1);
        assertThat(engine.loads()).isEqualTo(1);
    }

    @Test
    void warm_should_answer_failed_with_a_reason_and_not_load_again_until_the_backoff_has_passed() throws Exception {
        // GIVEN a store that is down, a failure back-off of 5 s, and a clock that moves only when told
        ModelVersion version = stored("iris/1.0.0", "weights");
        AtomicLong nanos = new AtomicLong();
        cache = new ModelCache(store, BundledArtifacts.NONE, engine, new ModelCache.Settings(cacheDir, 1 << 20,
                Duration.ofSeconds(10), Duration.ofSeconds(5), 2), CacheListener.NONE, nanos::get);
        store.setDown(true);

        // WHEN probes keep asking within the back-off
        LoadState first = cache.warm(version);
        LoadState failed = eventually(() -> cache.warm(version), s -> s.phase() != LoadState.Phase.LOADING);
        List<LoadState> repeated = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nanos.addAndGet(Duration.ofMillis(200).toNanos()); // 20 probes over 4 s of the 5 s back-off
            repeated.add(cache.warm(version));
        }

        // THEN the first starts the load, then every probe hears the remembered failure, from one download attempt
        assertThat(first.phase()).isEqualTo(LoadState.Phase.LOADING);
        assertThat(failed.phase()).isEqualTo(LoadState.Phase.FAILED);
        assertThat(failed.failureReason()).isEqualTo("the model store could not be read");
        assertThat(repeated).allSatisfy(s -> assertThat(s.phase()).isEqualTo(LoadState.Phase.FAILED));
        assertThat(store.opens()).isEqualTo(1);

        // AND once the back-off has passed, with the store back, a probe starts a new load that succeeds
        store.setDown(false);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        LoadState retried = eventually(() -> cache.warm(version), s -> s.phase() == LoadState.Phase.LOADED);
        assertThat(retried.phase()).isEqualTo(LoadState.Phase.LOADED);
        assertThat(store.opens()).isEqualTo(2);
    }

    @Test
    void warm_should_name_a_digest_mismatch_without_naming_the_artifact_when_the_bytes_differ() throws Exception {
        // GIVEN a registry digest of other bytes
        ModelVersion genuine = stored("iris/1.0.0", "weights");
        store.put("mem:iris/1.0.0", "tampered".getBytes(StandardCharsets.UTF_8));
        ModelVersion tampered = new ModelVersion(genuine.key(), genuine.artifact(), genuine.sha256(),
                "tampered".length(), genuine.signature(), genuine.state(), genuine.task(), genuine.labels(),
                genuine.features(), genuine.createdAt());
        cache(Duration.ofSeconds(5));

        // WHEN probed until the load is over
        cache.warm(tampered);
        LoadState state = eventually(() -> cache.warm(tampered), s -> s.phase() != LoadState.Phase.LOADING);

        // THEN failed, with a reason a client may read (the kind of failure, not the location)
        assertThat(state.phase()).isEqualTo(LoadState.Phase.FAILED);
        assertThat(state.failureReason()).contains("does not match its registry entry").doesNotContain("mem:");
        assertThat(engine.loads()).isZero();
    }

    private void cache(Duration backoff) {
        cache = new ModelCache(store, engine, new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(10),
                backoff, 2), CacheListener.NONE);
    }

    private ModelVersion stored(String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String uri = "mem:" + key;
        store.put(uri, bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return Registries.version(key, FakeEngine.SIGNATURE, uri, sha, bytes.length);
    }

    private static LoadState eventually(Supplier<LoadState> probe, Predicate<LoadState> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        LoadState state = probe.get();
        while (!done.test(state) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            state = probe.get();
        }
        return state;
    }
}
