package io.modelfn.core.cache;

import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.inference.ModelLoadException;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.store.BundledArtifacts;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The warm model cache: model versions loaded on first use and kept in memory across requests.
 *
 * <ul>
 *   <li><b>One load per version</b>, however many requests miss at once: the first miss starts the
 *       load on the loader pool, every request waits on the same future.</li>
 *   <li><b>Verified before use</b>: the artifact is streamed from the store into its own folder
 *       ({@code <cacheDir>/<name>/<version>/model.onnx}) while its sha256 is computed; a digest or size
 *       that differs from the registry's is refused before the engine sees the file. A file that came
 *       with the deployment ({@link BundledArtifacts}, e.g. a Lambda layer) is loaded in place, with
 *       no download and no copy, when its size and sha256 are the registry's; otherwise the store
 *       serves as usual.</li>
 *   <li><b>Bounded by a memory budget</b>: after a load, least recently used versions are evicted
 *       until the estimate fits; an evicted session is closed as soon as no request uses it.</li>
 *   <li><b>Deadlines</b>: a request waits at most {@code loadTimeout} for a cold load
 *       ({@link ModelNotReadyException}, 503); the load itself goes on, so a retry finds it warm.
 *       A failed load is remembered for {@code failureBackoff} so a broken artifact is not fetched
 *       again by every request.</li>
 * </ul>
 *
 * <p>Thread-safe.
 *
 * <p>Over 400 lines on purpose: loading, verification, eviction and leases share one map of entries and
 * its concurrency rules; split, each part would have to expose that state.
 */
public final class ModelCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelCache.class.getName());
    private static final String MODEL_FILE = "model.onnx";

    private final ModelStore store;
    private final BundledArtifacts bundled;
    private final InferenceEngine engine;
    private final Path cacheDir;
    private final long memoryBudgetBytes;
    private final Duration loadTimeout;
    private final Duration failureBackoff;
    private final LongSupplier nanoClock;
    private final CacheListener listener;
    private final ExecutorService loaders;
    private final ConcurrentHashMap<ModelKey, Entry> entries = new ConcurrentHashMap<>();

    public ModelCache(ModelStore store, InferenceEngine engine, Settings settings, CacheListener listener) {
        this(store, BundledArtifacts.NONE, engine, settings, listener, System::nanoTime);
    }

    /** @param bundled files that came with the deployment, tried before the store (see the class comment) */
    public ModelCache(ModelStore store, BundledArtifacts bundled, InferenceEngine engine, Settings settings,
            CacheListener listener) {
        this(store, bundled, engine, settings, listener, System::nanoTime);
    }

    ModelCache(ModelStore store, InferenceEngine engine, Settings settings, CacheListener listener, LongSupplier nanoClock) {
        this(store, BundledArtifacts.NONE, engine, settings, listener, nanoClock);
    }

    ModelCache(ModelStore store, BundledArtifacts bundled, InferenceEngine engine, Settings settings,
            CacheListener listener, LongSupplier nanoClock) {
        this.store = store;
        this.bundled = bundled;
        this.engine = engine;
        this.cacheDir = settings.cacheDir().toAbsolutePath().normalize();
        this.memoryBudgetBytes = settings.memoryBudgetBytes();
        this.loadTimeout = settings.loadTimeout();
        this.failureBackoff = settings.failureBackoff();
        this.listener = listener;
        this.nanoClock = nanoClock;
        AtomicInteger threads = new AtomicInteger();
        this.loaders = Executors.newFixedThreadPool(settings.loaderThreads(), runnable -> {
            Thread thread = new Thread(runnable, "modelfn-model-loader-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param cacheDir where artifacts are written, one folder per version
     * @param memoryBudgetBytes the estimated memory loaded models may hold together
     * @param loadTimeout how long a request waits for a cold load
     * @param failureBackoff how long a failed load is answered from memory before it is tried again
     * @param loaderThreads how many versions may load at once
     */
    public record Settings(Path cacheDir, long memoryBudgetBytes, Duration loadTimeout, Duration failureBackoff,
            int loaderThreads) {

        public Settings {
            if (memoryBudgetBytes <= 0 || loaderThreads <= 0) {
                throw new IllegalArgumentException("memory budget and loader threads must be positive");
            }
        }
    }

    /**
     * The loaded model for {@code version}, loading it if needed. Close the lease when done, so that
     * an eviction can close the session.
     *
     * @throws ModelNotReadyException when the load takes longer than the load timeout (it goes on)
     * @throws ModelLoadException when the version cannot be loaded (store, integrity or engine failure)
     */
    public Lease acquire(ModelVersion version) {
        ModelKey key = version.key();
        while (true) {
            Entry entry = entries.get(key);
            boolean loading = false;
            if (entry == null) {
                Entry fresh = new Entry(version);
                entry = entries.putIfAbsent(key, fresh);
                if (entry == null) {
                    entry = fresh;
                    loading = true;
                    startLoad(fresh);
                }
            }
            if (entry.failedUntil > 0 && nanoClock.getAsLong() > entry.failedUntil) {
                entries.remove(key, entry);
                continue;
            }
            if (!entry.version.sha256().equals(version.sha256())) {
                // Re-registered with another artifact: never serve the old bytes for it.
                evict(entry);
                continue;
            }
            if (!entry.retain()) {
                continue; // evicted and closed meanwhile; load again
            }
            boolean readyBeforeWaiting = entry.future.isDone();
            try {
                LoadedModel model = await(entry);
                entry.lastUsed = nanoClock.getAsLong();
                return new Lease(entry, model, !loading && readyBeforeWaiting, entry.loadMillis);
            } catch (RuntimeException e) {
                entry.release();
                throw e;
            }
        }
    }

    /** Loads a version now (start-up, snapshot priming) and waits for it without a deadline. */
    public void preload(ModelVersion version) {
        try (Lease lease = acquireWithoutDeadline(version)) {
            LOG.fine(() -> "preloaded " + lease.model().key());
        }
    }

    private Lease acquireWithoutDeadline(ModelVersion version) {
        Lease lease = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (lease == null) {
            try {
                lease = acquire(version);
            } catch (ModelNotReadyException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
        return lease;
    }

    /**
     * Where {@code version} stands, starting its load if nothing holds it: the same single load a
     * request would start or join, but never waited for (readiness probes ask this). A failed load is
     * answered from memory for the failure back-off, so frequent probes do not fetch a broken artifact
     * again and again; after it, the next call starts a new load.
     */
    public LoadState warm(ModelVersion version) {
        ModelKey key = version.key();
        while (true) {
            Entry entry = entries.get(key);
            if (entry == null) {
                Entry fresh = new Entry(version);
                if (entries.putIfAbsent(key, fresh) == null) {
                    startLoad(fresh);
                    return LoadState.LOADING;
                }
                continue;
            }
            if (entry.failedUntil > 0 && nanoClock.getAsLong() > entry.failedUntil) {
                entries.remove(key, entry);
                continue;
            }
            if (!entry.version.sha256().equals(version.sha256())) {
                evict(entry); // re-registered with another artifact, as in acquire
                continue;
            }
            if (!entry.future.isDone()) {
                return LoadState.LOADING;
            }
            return entry.future.isCompletedExceptionally() ? LoadState.failed(entry.future.exceptionNow())
                    : LoadState.LOADED;
        }
    }

    public boolean isLoaded(ModelKey key) {
        Entry entry = entries.get(key);
        return entry != null && entry.future.isDone() && !entry.future.isCompletedExceptionally();
    }

    public Set<ModelKey> loaded() {
        return entries.values().stream().filter(e -> e.future.isDone() && !e.future.isCompletedExceptionally())
                .map(e -> e.version.key()).collect(Collectors.toUnmodifiableSet());
    }

    /** The summed memory estimate of the loaded versions. */
    public long memoryUsed() {
        return entries.values().stream().mapToLong(e -> e.memoryBytes).sum();
    }

    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    /** Drops a version; its session closes when the last request using it finishes. */
    public void evict(ModelKey key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            evict(entry);
        }
    }

    private void evict(Entry entry) {
        if (entries.remove(entry.version.key(), entry)) {
            entry.release(); // the cache's own reference
            listener.evicted(entry.version.key());
        }
    }

    private void startLoad(Entry entry) {
        loaders.execute(() -> {
            long start = nanoClock.getAsLong();
            try {
                LoadedModel model = load(entry.version);
                entry.loadMillis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
                entry.memoryBytes = model.memoryBytes();
                // Make room before anyone can use the new model, so the budget holds when acquire returns.
                enforceBudget(entry);
                // The listener hears of the load before the waiting requests go on: on Lambda the
                // environment may be frozen as soon as they answer, and its work must be done by then.
                tell(() -> listener.loaded(entry.version.key(), entry.loadMillis, model.memoryBytes()));
                entry.future.complete(model);
            } catch (Throwable e) {
                entry.failedUntil = nanoClock.getAsLong() + failureBackoff.toNanos();
                if (failureBackoff.isZero()) {
                    entries.remove(entry.version.key(), entry);
                }
                LOG.log(Level.WARNING, "loading {0} failed: {1}", new Object[] {entry.version.key(), e.getMessage()});
                tell(() -> listener.loadFailed(entry.version.key(), e));
                entry.future.completeExceptionally(e);
            }
        });
    }

    /** Runs a listener call; a listener that throws is logged and never keeps waiting requests from their answer. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a cache listener failed: {0}", e.toString());
        }
    }

    private LoadedModel await(Entry entry) {
        try {
            return entry.future.get(loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ModelNotReadyException(entry.version.key() + " is still loading after "
                    + loadTimeout.toMillis() + " ms; retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelNotReadyException(entry.version.key() + " load wait was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelLoadException loadFailure) {
                throw new ModelLoadException(loadFailure.getMessage(), loadFailure);
            }
            throw new ModelLoadException(entry.version.key() + " cannot be loaded: " + cause.getMessage(), cause);
        }
    }

    /** Download (or reuse a verified copy), verify, create the session. */
    private LoadedModel load(ModelVersion version) {
        Path file = fetchVerified(version);
        try {
            return engine.load(version.key(), file);
        } catch (ModelLoadException | InvalidModelArtifactException e) {
            throw new ModelLoadException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelLoadException(version.key() + ": the engine failed: " + e.getMessage(), e);
        }
    }

    private Path fetchVerified(ModelVersion version) {
        if (!store.accepts(version.artifact())) {
            // Checked here too, not only by the store: no store (or wrapper of one) is ever asked to open it.
            String uri = version.artifact().uri();
            throw new ModelSourceRefusedException(version.key() + ": refused model location '"
                    + (uri.length() > 200 ? uri.substring(0, 200) + "..." : uri) + "': outside " + store.describe());
        }
        Path dir = folderOf(version.key());
        Path file = dir.resolve(MODEL_FILE);
        Path inPlace = verifiedBundledFile(version);
        if (inPlace != null) {
            return inPlace;
        }
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(file) && Files.size(file) == version.sizeBytes()
                    && sha256(file).equals(version.sha256())) {
                return file; // a verified copy from an earlier load in this environment
            }
            Path part = Files.createTempFile(dir, MODEL_FILE, ".part");
            try {
                String digest;
                long size;
                try (InputStream in = store.open(version.artifact()); OutputStream out = Files.newOutputStream(part)) {
                    MessageDigest sha = newSha256();
                    byte[] buffer = new byte[1 << 16];
                    size = 0;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        size += n;
                        if (size > version.sizeBytes() && version.sizeBytes() > 0) {
                            throw new InvalidModelArtifactException(version.key() + ": artifact is larger than the "
                                    + version.sizeBytes() + " bytes registered");
                        }
                    }
                    digest = HexFormat.of().formatHex(sha.digest());
                }
                if (!digest.equals(version.sha256())) {
                    throw new InvalidModelArtifactException(version.key() + ": artifact sha256 " + digest
                            + " does not match the registered " + version.sha256() + " (tampered or corrupted)");
                }
                if (version.sizeBytes() > 0 && size != version.sizeBytes()) {
                    throw new InvalidModelArtifactException(version.key() + ": artifact has " + size
                            + " bytes, registered " + version.sizeBytes());
                }
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return file;
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new ModelLoadException(version.key() + ": cannot write to the model cache folder: " + e.getMessage(), e);
        }
    }

    /**
     * The bundled file of this version when its size and sha256 are the registry's, else null (the
     * store serves). A file that differs is logged and passed over, never refused: the registry, not
     * the deployment, says which bytes a version has.
     */
    private Path verifiedBundledFile(ModelVersion version) {
        Path candidate = bundled.candidate(version.key()).orElse(null);
        if (candidate == null) {
            return null;
        }
        try {
            long size = Files.size(candidate);
            if (version.sizeBytes() > 0 && size != version.sizeBytes()) {
                LOG.warning(() -> version.key() + ": the bundled copy " + candidate + " has " + size + " bytes, registered "
                        + version.sizeBytes() + "; reading " + store.describe() + " instead");
                return null;
            }
            String digest = sha256(candidate);
            if (!digest.equals(version.sha256())) {
                LOG.warning(() -> version.key() + ": the bundled copy " + candidate + " has sha256 " + digest
                        + ", registered " + version.sha256() + "; reading " + store.describe() + " instead");
                return null;
            }
            LOG.fine(() -> version.key() + ": loading the bundled copy " + candidate);
            return candidate;
        } catch (IOException e) {
            LOG.warning(() -> version.key() + ": cannot read the bundled copy " + candidate + " (" + e.getMessage()
                    + "); reading " + store.describe() + " instead");
            return null;
        }
    }

    /** {@code <cacheDir>/<name>/<version>}, after checking both parts cannot escape the folder. */
    Path folderOf(ModelKey key) {
        if (!ModelCardReader.MODEL_NAME.matcher(key.name()).matches() || !SemanticVersion.isValid(key.version())) {
            throw new ModelLoadException("refusing model key " + key + ": not a model name and semantic version");
        }
        Path dir = cacheDir.resolve(key.name()).resolve(key.version()).normalize();
        if (!dir.startsWith(cacheDir)) {
            throw new ModelLoadException("refusing model key " + key + ": outside the cache folder");
        }
        return dir;
    }

    private void enforceBudget(Entry justLoaded) {
        long used = memoryUsed();
        if (used <= memoryBudgetBytes) {
            return;
        }
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e != justLoaded && e.future.isDone() && !e.future.isCompletedExceptionally()) {
                candidates.add(e);
            }
        }
        candidates.sort(Comparator.comparingLong(e -> e.lastUsed));
        for (Entry victim : candidates) {
            if (used <= memoryBudgetBytes) {
                break;
            }
            used -= victim.memoryBytes;
            LOG.info(() -> "evicting " + victim.version.key() + " to stay within the model memory budget");
            evict(victim);
        }
        if (used > memoryBudgetBytes) {
            LOG.warning(() -> justLoaded.version.key() + " alone exceeds the model memory budget of "
                    + memoryBudgetBytes + " bytes");
        }
    }

    private void closeModel(Entry entry) {
        // A load that failed (or is still running) left no session to close; getNow would throw for the former.
        LoadedModel model = entry.future.state() == Future.State.SUCCESS
                ? entry.future.resultNow() : null;
        if (model != null) {
            try {
                model.close();
                listener.closed(entry.version.key());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + entry.version.key() + " failed", e);
            }
        }
        try {
            Files.deleteIfExists(folderOf(entry.version.key()).resolve(MODEL_FILE));
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "could not delete the cached artifact of " + entry.version.key());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() {
        for (Entry entry : List.copyOf(entries.values())) {
            evict(entry);
        }
        loaders.shutdownNow();
    }

    /** A model in use by one request; closing it lets an eviction close the session. */
    public static final class Lease implements AutoCloseable {
        private final Entry entry;
        private final LoadedModel model;
        private final boolean hit;
        private final long loadMillis;
        private boolean closed;

        private Lease(Entry entry, LoadedModel model, boolean hit, long loadMillis) {
            this.entry = entry;
            this.model = model;
            this.hit = hit;
            this.loadMillis = loadMillis;
        }

        public LoadedModel model() {
            return model;
        }

        /** Whether the model was already loaded when this request asked for it. */
        public boolean hit() {
            return hit;
        }

        /** How long the load took (for misses: the load this request waited on). */
        public long loadMillis() {
            return loadMillis;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                entry.release();
            }
        }
    }

    /** One version: its load future and a reference count (the cache holds one, each lease one). */
    private final class Entry {
        final ModelVersion version;
        final CompletableFuture<LoadedModel> future = new CompletableFuture<>();
        final AtomicInteger refs = new AtomicInteger(1);
        volatile long lastUsed = nanoClock.getAsLong();
        volatile long loadMillis;
        volatile long memoryBytes;
        volatile long failedUntil;

        Entry(ModelVersion version) {
            this.version = version;
        }

        boolean retain() {
            while (true) {
                int current = refs.get();
                if (current == 0) {
                    return false;
                }
                if (refs.compareAndSet(current, current + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                closeModel(this);
            }
        }
    }
}
