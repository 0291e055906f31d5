package io.modelfn.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.store.BundledArtifacts;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.InMemoryModelStore;
import io.modelfn.core.testkit.Registries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

    @TempDir
    Path cacheDir;

    private final InMemoryModelStore store = new InMemoryModelStore();
    private final FakeEngine engine = new FakeEngine();
    private final AtomicInteger failures = new AtomicInteger();
    private ModelCache cache;

    private ModelCache cache(long budget, Duration loadTimeout, Duration backoff) {
        cache = new ModelCache(store, engine,
                new ModelCache.Settings(cacheDir, budget, loadTimeout, backoff, 2),
                new CacheListener() {
                    @Override
                    public void loadFailed(ModelKey key, Throwable cause) {
                        failures.incrementAndGet();
                    }
                });
        return cache;
    }

    @AfterEach
    void closeCache() {
        if (cache != null) {
            cache.close();
        }
    }

    private ModelVersion stored(String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String uri = "mem:" + key;
        store.put(uri, bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return Registries.version(key, FakeEngine.SIGNATURE, uri, sha, bytes.length);
    }

    @Test
    void acquire_should_download_and_load_once_when_64_requests_miss_at_once() throws Exception {
        // GIVEN a cold cache and a slow store
        ModelVersion version = stored("iris/1.0.0", "weights");
        cache(1 << 20, Duration.ofSeconds(30), Duration.ZERO);
        store.hold();
        CountDownLatch allWaiting = new CountDownLatch(64);
        List<Future<Boolean>> hits = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            // WHEN 64 requests ask for it at the same time
            for (int i = 0; i < 64; i++) {
                hits.add(pool.submit(() -> {
                    allWaiting.countDown();
                    try (ModelCache.Lease lease = cache.acquire(version)) {
                        lease.model().infer(Map.of("input", Tensor.ofFloats("input", new long[] {1, 4},
                                new float[] {1, 2, 3, 4})), List.of());
                        return lease.hit();
                    }
                }));
            }
            allWaiting.await();
            Thread.sleep(100);
            store.release();
            for (Future<Boolean> hit : hits) {
                hit.get();
            }
        }
        // THEN one download, one session, and every request was answered
        assertThat(store.opens()).isEqualTo(1);
        assertThat(engine.loads()).isEqualTo(1);
        assertThat(cache.isLoaded(version.key())).isTrue();
    }

    @Test
    void acquire_should_report_a_miss_first_and_hits_afterwards() throws Exception {
        ModelVersion version = stored("iris/1.0.0", "weights");
        cache(1 << 20, Duration.ofSeconds(10), Duration.ZERO);

        boolean first;
        try (ModelCache.Lease lease = cache.acquire(version)) {
            first = lease.hit();
        }
        boolean second;
        try (ModelCache.Lease lease = cache.acquire(version)) {
            second = lease.hit();
        }

        assertThat(first).isFalse();
        assertThat(second).isTrue();
    }

    @Test
    void acquire_should_refuse_an_artifact_whose_digest_differs_before_the_engine_sees_it() throws Exception {
        // GIVEN a registry digest of other bytes (the artifact was tampered with)
        ModelVersion genuine = stored("iris/1.0.0", "weights");
        store.put("mem:iris/1.0.0", "tampered".getBytes(StandardCharsets.UTF_8));
        ModelVersion tampered = new ModelVersion(genuine.key(), genuine.artifact(), genuine.sha256(),
                "tampered".length(), genuine.signature(), genuine.state(), genuine.task(), genuine.labels(),
                genuine.features(), genuine.createdAt());
        cache(1 << 20, Duration.ofSeconds(10), Duration.ZERO);

        // WHEN / THEN
        assertThatThrownBy(() -> cache.acquire(tampered))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not match the registered");
        assertThat(engine.loads()).isZero();
        assertThat(Files.exists(cacheDir.resolve("iris/1.0.0/model.onnx"))).isFalse();
    }

    @Test
    void acquire_should_let_the_listener_finish_before_the_waiting_request_gets_its_failure() throws Exception {
        // GIVEN a tampered artifact and a listener that takes a while (a registry write, say)
        ModelVersion genuine = stored("iris/1.0.0", "weights");
        store.put("mem:iris/1.0.0", "tampered".getBytes(StandardCharsets.UTF_8));
        ModelVersion tampered = new ModelVersion(genuine.key(), genuine.artifact(), genuine.sha256(),
                "tampered".length(), genuine.signature(), genuine.state(), genuine.task(), genuine.labels(),
                genuine.features(), genuine.createdAt());
        java.util.concurrent.atomic.AtomicBoolean heard = new java.util.concurrent.atomic.AtomicBoolean();
        cache = new ModelCache(store, engine, new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(10),
                Duration.ZERO, 2), new CacheListener() {
                    @Override
                    public void loadFailed(ModelKey key, Throwable cause) {
                        sleep(300);
                        heard.set(true);
                    }
                });

        // WHEN a request waits for the load and gets its failure
        assertThatThrownBy(() -> cache.acquire(tampered)).isInstanceOf(ModelLoadException.class);

        // THEN the listener was done by then (on Lambda the environment may freeze as soon as the request answers)
        assertThat(heard).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void acquire_should_refuse_an_artifact_longer_than_registered() throws Exception {
        ModelVersion genuine = stored("iris/1.0.0", "weights");
        store.put("mem:iris/1.0.0", "weights and a lot more".getBytes(StandardCharsets.UTF_8));
        cache(1 << 20, Duration.ofSeconds(10), Duration.ZERO);

        assertThatThrownBy(() -> cache.acquire(genuine))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("larger than");
        assertThat(engine.loads()).isZero();
    }

    @Test
    void acquire_should_keep_each_version_in_its_own_folder() throws Exception {
        ModelVersion a = stored("iris/1.0.0", "a");
        ModelVersion b = stored("iris/1.1.0", "b");
        cache(1 << 20, Duration.ofSeconds(10), Duration.ZERO);

        cache.acquire(a).close();
        cache.acquire(b).close();

        assertThat(cacheDir.resolve("iris/1.0.0/model.onnx")).hasContent("a");
        assertThat(cacheDir.resolve("iris/1.1.0/model.onnx")).hasContent("b");
    }

    @Test
    void acquire_should_refuse_keys_that_would_leave_the_cache_folder() {
        ModelVersion hostile = Registries.version("iris/1.0.0", FakeEngine.SIGNATURE, "mem:x", "0".repeat(64), 1);
        ModelVersion escaping = new ModelVersion(new ModelKey("..", "1.0.0"), hostile.artifact(), hostile.sha256(), 1,
                hostile.signature(), hostile.state(), hostile.task(), hostile.labels(), hostile.features(), hostile.createdAt());
        cache(1 << 20, Duration.ofSeconds(10), Duration.ZERO);

        assertThatThrownBy(() -> cache.acquire(escaping)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("refusing model key");
        assertThat(store.opens()).isZero();
    }

    @Test
    void eviction_should_close_the_least_recently_used_session_once_its_last_request_ends() throws Exception {
        // GIVEN a budget for two models
        engine.memoryPerModel(400);
        cache(1000, Duration.ofSeconds(10), Duration.ZERO);
        ModelVersion a = stored("a-model/1.0.0", "a");
        ModelVersion b = stored("b-model/1.0.0", "b");
        ModelVersion c = stored("c-model/1.0.0", "c");
        cache.acquire(a).close();
        ModelCache.Lease inUse = cache.acquire(b);
        Thread.sleep(5);
        cache.acquire(a).close(); // a is now more recent than b

        // WHEN a third model loads while b is still in use
        cache.acquire(c).close();

        // THEN b is evicted but not closed until its request ends; a and c stay
        assertThat(cache.loaded()).extracting(ModelKey::name).containsExactlyInAnyOrder("a-model", "c-model");
        FakeEngine.FakeModel bModel = engine.models().stream().filter(m -> m.key().name().equals("b-model")).findFirst().orElseThrow();
        assertThat(bModel.closed()).isFalse();
        inUse.model().infer(Map.of("input", Tensor.ofFloats("input", new long[] {1, 4}, new float[4])), List.of());
        inUse.close();
        assertThat(bModel.closes()).isEqualTo(1);
        assertThat(cache.memoryUsed()).isEqualTo(800);
        assertThat(cacheDir.resolve("b-model/1.0.0/model.onnx")).doesNotExist();
    }

    @Test
    void load_evict_cycles_should_close_every_evicted_session_exactly_once() throws Exception {
        engine.memoryPerModel(600);
        cache(1000, Duration.ofSeconds(10), Duration.ZERO);
        List<ModelVersion> versions = List.of(stored("a-model/1.0.0", "a"), stored("b-model/1.0.0", "b"));

        for (int i = 0; i < 100; i++) {
            cache.acquire(versions.get(i % 2)).close();
        }

        assertThat(engine.loads()).isEqualTo(100);
        assertThat(engine.models()).filteredOn(FakeEngine.FakeModel::closed).hasSize(99)
                .allSatisfy(m -> assertThat(m.closes()).isEqualTo(1));
    }

    @Test
    void acquire_should_answer_503_within_the_deadline_and_let_the_load_finish_for_the_next_request() throws Exception {
        ModelVersion version = stored("iris/1.0.0", "weights");
        cache(1 << 20, Duration.ofMillis(100), Duration.ZERO);
        store.hold();

        long start = System.nanoTime();
        assertThatThrownBy(() -> cache.acquire(version)).isInstanceOf(ModelNotReadyException.class);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        store.release();
        Thread.sleep(200);

        assertThat(waitedMs).isLessThan(2000);
        try (ModelCache.Lease lease = cache.acquire(version)) {
            assertThat(lease.hit()).isTrue();
        }
        assertThat(store.opens()).isEqualTo(1);
    }

    @Test
    void failed_load_should_be_remembered_for_the_backoff_then_retried() throws Exception {
        ModelVersion version = stored("iris/1.0.0", "weights");
        cache(1 << 20, Duration.ofSeconds(5), Duration.ofMillis(300));
        store.setDown(true);

        assertThatThrownBy(() -> cache.acquire(version)).isInstanceOf(ModelLoadException.class);
        assertThatThrownBy(() -> cache.acquire(version)).isInstanceOf(ModelLoadException.class);
        assertThat(store.opens()).isEqualTo(1);

        store.setDown(false);
        Thread.sleep(350);
        cache.acquire(version).close();

        assertThat(store.opens()).isEqualTo(2);
        assertThat(failures.get()).isEqualTo(1);
    }

    @Test
    void acquire_should_reload_when_the_registry_names_other_bytes_for_the_same_version() throws Exception {
        ModelVersion first = stored("iris/1.0.0", "first");
        cache(1 << 20, Duration.ofSeconds(5), Duration.ZERO);
        cache.acquire(first).close();

        ModelVersion second = stored("iris/1.0.0", "second");
        cache.acquire(second).close();

        assertThat(engine.loads()).isEqualTo(2);
        assertThat(engine.models().get(0).closed()).isTrue();
        assertThat(cacheDir.resolve("iris/1.0.0/model.onnx")).hasContent("second");
    }

    @Test
    void acquire_should_load_the_new_bytes_when_a_version_whose_load_failed_is_registered_again() throws Exception {
        // GIVEN a version whose artifact was tampered with, remembered as failed for the backoff
        ModelVersion tampered = stored("iris/1.0.0", "weights");
        store.put("mem:iris/1.0.0", "tampered".getBytes(StandardCharsets.UTF_8));
        cache(1 << 20, Duration.ofSeconds(5), Duration.ofMinutes(5));
        assertThatThrownBy(() -> cache.acquire(tampered)).isInstanceOf(ModelLoadException.class);

        // WHEN the operator registers the version again with the bytes the store now has
        ModelVersion fixed = stored("iris/1.0.0", "fixed");

        // THEN the failed entry is dropped without an error and the new bytes load
        try (ModelCache.Lease lease = cache.acquire(fixed)) {
            assertThat(lease.hit()).isFalse();
        }
        assertThat(cacheDir.resolve("iris/1.0.0/model.onnx")).hasContent("fixed");
    }

    @Test
    void evict_and_close_should_pass_over_a_version_whose_load_failed() throws Exception {
        ModelVersion version = stored("iris/1.0.0", "weights");
        cache(1 << 20, Duration.ofSeconds(5), Duration.ofMinutes(5));
        store.setDown(true);
        assertThatThrownBy(() -> cache.acquire(version)).isInstanceOf(ModelLoadException.class);

        cache.evict(version.key());
        cache.close();

        assertThat(cache.loaded()).isEmpty();
    }

    @Test
    void preload_should_reuse_a_verified_copy_left_in_the_cache_folder() throws Exception {
        ModelVersion version = stored("iris/1.0.0", "weights");
        Files.createDirectories(cacheDir.resolve("iris/1.0.0"));
        Files.writeString(cacheDir.resolve("iris/1.0.0/model.onnx"), "weights");
        cache(1 << 20, Duration.ofSeconds(5), Duration.ZERO);

        cache.preload(version);

        assertThat(store.opens()).isZero();
        assertThat(cache.isLoaded(version.key())).isTrue();
    }

    @Test
    void acquire_should_load_the_bundled_file_in_place_when_its_size_and_sha256_are_the_registrys(@TempDir Path layer)
            throws Exception {
        // GIVEN a version whose bytes also came with the deployment (a models layer)
        ModelVersion version = stored("iris/1.0.0", "weights");
        Path bundledFile = bundle(layer, "iris/1.0.0", "weights");
        cacheWithBundle(layer);

        // WHEN it is first used
        cache.acquire(version).close();

        // THEN the engine loads the bundled file itself: no download, no copy in the cache folder
        assertThat(engine.files()).containsExactly(bundledFile);
        assertThat(store.opens()).isZero();
        assertThat(cacheDir.resolve("iris/1.0.0/model.onnx")).doesNotExist();
    }

    @Test
    void acquire_should_fetch_from_the_store_when_the_bundled_file_has_other_bytes(@TempDir Path layer) throws Exception {
        // GIVEN a bundled file of the same size as the registered artifact but other content (another build)
        ModelVersion version = stored("iris/1.0.0", "weights");
        bundle(layer, "iris/1.0.0", "WEIGHTS");
        cacheWithBundle(layer);

        // WHEN the version is first used
        cache.acquire(version).close();

        // THEN the registered bytes come from the store, and nothing was refused
        assertThat(store.opens()).isEqualTo(1);
        assertThat(engine.files()).containsExactly(cacheDir.resolve("iris/1.0.0/model.onnx"));
        assertThat(cacheDir.resolve("iris/1.0.0/model.onnx")).hasContent("weights");
        assertThat(failures).hasValue(0);
    }

    @Test
    void acquire_should_fetch_from_the_store_when_the_bundled_file_has_another_size(@TempDir Path layer)
            throws Exception {
        // GIVEN a bundled file shorter than the registered artifact
        ModelVersion version = stored("iris/1.0.0", "weights");
        bundle(layer, "iris/1.0.0", "weigh");
        cacheWithBundle(layer);

        // WHEN the version is first used
        cache.acquire(version).close();

        // THEN it comes from the store
        assertThat(store.opens()).isEqualTo(1);
        assertThat(cacheDir.resolve("iris/1.0.0/model.onnx")).hasContent("weights");
    }

    @Test
    void acquire_should_fetch_from_the_store_when_nothing_is_bundled_for_the_version(@TempDir Path layer)
            throws Exception {
        // GIVEN a layer that holds another version only
        ModelVersion version = stored("iris/1.1.0", "newer weights");
        bundle(layer, "iris/1.0.0", "weights");
        cacheWithBundle(layer);

        // WHEN the version it lacks is first used
        cache.acquire(version).close();

        // THEN the store serves it
        assertThat(store.opens()).isEqualTo(1);
        assertThat(engine.files()).containsExactly(cacheDir.resolve("iris/1.1.0/model.onnx"));
    }

    @Test
    void eviction_should_leave_the_bundled_file_alone(@TempDir Path layer) throws Exception {
        // GIVEN a version loaded from its bundled file
        ModelVersion version = stored("iris/1.0.0", "weights");
        Path bundledFile = bundle(layer, "iris/1.0.0", "weights");
        cacheWithBundle(layer);
        cache.acquire(version).close();

        // WHEN it is evicted
        cache.evict(version.key());

        // THEN its session is closed and the deployment's file is still there for the next load
        assertThat(engine.models().get(0).closed()).isTrue();
        assertThat(bundledFile).hasContent("weights");
    }

    /** A cache whose bundled files are {@code <layer>/<name>/<version>/model.onnx}. */
    private void cacheWithBundle(Path layer) {
        BundledArtifacts bundled = new BundledArtifacts() {
            @Override
            public Optional<Path> candidate(ModelKey key) {
                Path file = layer.resolve(key.name()).resolve(key.version()).resolve("model.onnx");
                return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
            }

            @Override
            public String describe() {
                return "test layer " + layer;
            }
        };
        cache = new ModelCache(store, bundled, engine,
                new ModelCache.Settings(cacheDir, 1 << 20, Duration.ofSeconds(5), Duration.ZERO, 2),
                new CacheListener() {
                    @Override
                    public void loadFailed(ModelKey key, Throwable cause) {
                        failures.incrementAndGet();
                    }
                });
    }

    private static Path bundle(Path layer, String key, String content) throws Exception {
        Path file = layer.resolve(key).resolve("model.onnx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
