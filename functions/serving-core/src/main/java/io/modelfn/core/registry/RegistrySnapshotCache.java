package io.modelfn.core.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsContract;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds the registry snapshot the serving path reads, and refreshes it in the background.
 *
 * <ul>
 *   <li>No registry call sits on the warm path: {@link #current()} returns the snapshot in memory.</li>
 *   <li>When a refresh fails, the last good snapshot stays in use, up to {@code stalenessCap}; past
 *       that, {@link #current()} throws {@link RegistryUnavailableException} (503) rather than serve
 *       a configuration that may have been rolled back long ago.</li>
 *   <li>After a long pause (a Lambda environment thawed after idling), the first request refreshes
 *       synchronously once the snapshot is older than {@code syncRefreshAfter}, so a rollback made
 *       while the function was frozen is honoured; if that read fails, the last good copy serves.</li>
 *   <li>With a {@link RegistryChangeMarker} ({@link #watchChanges}), a refresh first reads the marker:
 *       an unchanged registry costs that one small read, and the snapshot in hand counts as read now;
 *       only a new revision re-reads everything. A full read tagged with a revision counts for it only
 *       when it started at least {@code settle} after the change was committed (the table's index that
 *       the full read uses may lag the change by about a second); otherwise the next refresh reads
 *       everything again.</li>
 *   <li>With a last-known-good reader ({@link #fallBackTo}), an environment that cannot read the
 *       registry before it holds any snapshot (it starts during an outage) loads that copy instead, aged
 *       from when its writer last confirmed it current, and serves it within the staleness cap. The
 *       source shows in the {@value MetricsContract#REGISTRY_SNAPSHOT_AGE} metric's
 *       {@value MetricsContract#REGISTRY_SOURCE} dimension and in the log.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RegistrySnapshotCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistrySnapshotCache.class.getName());
    /** How long after a change a full read is trusted to include it (the index lags about a second). */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);
    private static final long UNSETTLED = -1;

    private final RegistryReader reader;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration stalenessCap;
    private final Duration syncRefreshAfter;
    private final AtomicReference<RegistrySnapshot> current = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> task;
    private volatile Consumer<RegistrySnapshot> listener = snapshot -> { };
    private volatile RegistryChangeMarker marker;
    private volatile Duration settle = DEFAULT_SETTLE;
    private volatile RegistryReader lastKnownGood;
    private volatile Metrics metrics = Metrics.NONE;
    /** The revision the snapshot in hand is known to reflect; {@link #UNSETTLED} when none is. */
    private volatile long heldRevision = UNSETTLED;
    private volatile RegistrySource source = RegistrySource.TABLE;

    /**
     * @param refreshInterval how often the background refresh runs
     * @param stalenessCap how old the last good snapshot may get before requests get 503
     * @param syncRefreshAfter snapshot age past which a request refreshes before it is served
     */
    public RegistrySnapshotCache(RegistryReader reader, Clock clock, Duration refreshInterval,
            Duration stalenessCap, Duration syncRefreshAfter) {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive");
        }
        if (stalenessCap.compareTo(refreshInterval) < 0) {
            throw new IllegalArgumentException("staleness cap must be at least the refresh interval");
        }
        this.reader = reader;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.stalenessCap = stalenessCap;
        this.syncRefreshAfter = syncRefreshAfter;
    }

    /** Called with every new snapshot (after a successful refresh). */
    public void onRefresh(Consumer<RegistrySnapshot> newListener) {
        this.listener = newListener;
    }

    /**
     * Polls {@code changeMarker} on each refresh and re-reads everything only when it changed. Call
     * before {@link #start()}.
     *
     * @param settleTime how long after a change a full read is trusted to include it
     */
    public void watchChanges(RegistryChangeMarker changeMarker, Duration settleTime) {
        this.marker = changeMarker;
        this.settle = settleTime;
    }

    /** The last-known-good copy to load when the registry cannot be read before any snapshot is held. */
    public void fallBackTo(RegistryReader lastKnownGoodReader) {
        this.lastKnownGood = lastKnownGoodReader;
    }

    /** Where each refresh reports the age and source of the snapshot in hand. */
    public void metrics(Metrics sink) {
        this.metrics = sink;
    }

    /**
     * Reads the registry once now and starts the background refresh. A failure here leaves the cache
     * not ready; the background refresh keeps trying.
     */
    public synchronized void start() {
        start(null);
    }

    /**
     * As {@link #start()}, taking {@code early} (when not null) as its first read instead of reading now: a read
     * made before this cache existed ({@link #readOnce}), with the same reader's table and change marker. It counts
     * for the revision it saw only as a read of this cache would (settled when it started).
     */
    public synchronized void start(Read early) {
        if (scheduler != null) {
            return;
        }
        if (early == null) {
            refresh();
        } else {
            refreshLock.lock();
            try {
                adopt(early.started(), early.revision(), early.snapshot());
                failures.set(0);
            } finally {
                refreshLock.unlock();
                reportAge();
            }
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "modelfn-registry-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = refreshInterval.toMillis();
        task = scheduler.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the registry now. Returns whether it succeeded; on failure the last good snapshot stays.
     * Concurrent calls share one read.
     */
    public boolean refresh() {
        refreshLock.lock();
        try {
            return readNow();
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * One full read as a refresh makes it, for {@link #start(Read)}: the change marker (when there is one) first,
     * then the whole registry, and when that began.
     *
     * @throws RegistryUnavailableException when either cannot be read
     */
    public static Read readOnce(Clock clock, RegistryReader reader, RegistryChangeMarker changeMarker) {
        Instant started = clock.instant();
        RegistryRevision revision = changeMarker == null ? null : changeMarker.current();
        return new Read(started, revision, reader.read().readAgainAt(started));
    }

    /**
     * A full read of the registry: the snapshot, when it began, and the revision the change marker named just
     * before (null without a marker).
     */
    public record Read(Instant started, RegistryRevision revision, RegistrySnapshot snapshot) {

        public Read {
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    private boolean readNow() {
        try {
            Instant started = clock.instant();
            RegistryChangeMarker changes = marker;
            RegistryRevision revision = changes == null ? null : changes.current();
            RegistrySnapshot held = current.get();
            if (revision != null && held != null && source == RegistrySource.TABLE && revision.number() == heldRevision) {
                current.set(held.readAgainAt(started));
            } else {
                adopt(started, revision, reader.read().readAgainAt(started));
            }
            failures.set(0);
            return true;
        } catch (RuntimeException e) {
            long count = failures.incrementAndGet();
            if (count == 1 || count % 20 == 0) {
                LOG.log(Level.WARNING, "registry refresh failed ({0} in a row), serving the last good snapshot: {1}",
                        new Object[] {count, e.getMessage()});
            }
            if (current.get() == null) {
                loadLastKnownGood();
            }
            return false;
        } finally {
            reportAge();
        }
    }

    /** Serves {@code fresh}, a full read that began at {@code started} after the marker named {@code revision}. */
    private void adopt(Instant started, RegistryRevision revision, RegistrySnapshot fresh) {
        heldRevision = revision != null && !started.isBefore(revision.changedAt().plus(settle))
                ? revision.number() : UNSETTLED;
        current.set(fresh);
        if (source != RegistrySource.TABLE) {
            LOG.log(Level.INFO, "the registry table is readable again; serving it instead of the snapshot object");
        }
        source = RegistrySource.TABLE;
        listener.accept(fresh);
    }

    private void loadLastKnownGood() {
        RegistryReader fallback = lastKnownGood;
        if (fallback == null) {
            return;
        }
        try {
            RegistrySnapshot stored = fallback.read();
            if (current.compareAndSet(null, stored)) {
                source = RegistrySource.SNAPSHOT_OBJECT;
                heldRevision = UNSETTLED;
                LOG.log(Level.WARNING, "the registry table cannot be read at start; serving the registry snapshot"
                        + " object, last confirmed current at {0} ({1} s ago; limit {2} s)", new Object[] {
                        stored.readAt(), age(stored, clock.instant()).toSeconds(), stalenessCap.toSeconds()});
                listener.accept(stored);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the registry's snapshot object cannot be read either: {0}", e.getMessage());
        }
    }

    private void reportAge() {
        RegistrySnapshot held = current.get();
        if (held != null) {
            metrics.recordRegistry(source.dimension(), MetricsContract.REGISTRY_SNAPSHOT_AGE,
                    Math.max(0, age(held, clock.instant()).toMillis()) / 1000.0, MetricsContract.SECONDS);
        }
    }

    /**
     * The snapshot to serve from.
     *
     * @throws RegistryUnavailableException when no snapshot was ever read, or the last good one is
     *     older than the staleness cap
     */
    public RegistrySnapshot current() {
        RegistrySnapshot snapshot = current.get();
        Instant now = clock.instant();
        if (snapshot != null && age(snapshot, now).compareTo(syncRefreshAfter) > 0 && refreshLock.tryLock()) {
            // Only one request refreshes; the others serve the copy in hand meanwhile.
            try {
                if (current.get() == snapshot) {
                    readNow();
                }
            } finally {
                refreshLock.unlock();
            }
            snapshot = current.get();
        }
        if (snapshot == null) {
            throw new RegistryUnavailableException("the model registry has not been read yet");
        }
        Duration age = age(snapshot, now);
        if (age.compareTo(stalenessCap) > 0) {
            throw new RegistryUnavailableException("the model registry is unavailable and our last copy is "
                    + age.toSeconds() + " s old (limit " + stalenessCap.toSeconds() + " s)");
        }
        return snapshot;
    }

    /**
     * Whether the next {@link #current()} may read the registry before it answers (no snapshot yet, or
     * one older than {@code syncRefreshAfter}): a caller that must not block (an event loop) hands its
     * call to a worker then.
     */
    public boolean refreshDue() {
        RegistrySnapshot snapshot = current.get();
        return snapshot == null || age(snapshot, clock.instant()).compareTo(syncRefreshAfter) > 0;
    }

    /** Whether a snapshot young enough to serve is held. */
    public boolean ready() {
        RegistrySnapshot snapshot = current.get();
        return snapshot != null && age(snapshot, clock.instant()).compareTo(stalenessCap) <= 0;
    }

    /** The snapshot held, however old; null before the first successful read. */
    public RegistrySnapshot lastGood() {
        return current.get();
    }

    /** Where the snapshot in hand came from. */
    public RegistrySource source() {
        return source;
    }

    public long consecutiveFailures() {
        return failures.get();
    }

    public Duration refreshInterval() {
        return refreshInterval;
    }

    private static Duration age(RegistrySnapshot snapshot, Instant now) {
        return Duration.between(snapshot.readAt(), now);
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
