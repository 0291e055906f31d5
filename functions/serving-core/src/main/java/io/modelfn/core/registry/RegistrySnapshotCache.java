package io.modelfn.core.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RegistrySnapshotCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistrySnapshotCache.class.getName());

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
     * Reads the registry once now and starts the background refresh. A failure here leaves the cache
     * not ready; the background refresh keeps trying.
     */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        refresh();
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

    private boolean readNow() {
        try {
            RegistrySnapshot fresh = reader.read().readAgainAt(clock.instant());
            current.set(fresh);
            failures.set(0);
            listener.accept(fresh);
            return true;
        } catch (RuntimeException e) {
            long count = failures.incrementAndGet();
            if (count == 1 || count % 20 == 0) {
                LOG.log(Level.WARNING, "registry refresh failed ({0} in a row), serving the last good snapshot: {1}",
                        new Object[] {count, e.getMessage()});
            }
            return false;
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

    /** Whether a snapshot young enough to serve is held. */
    public boolean ready() {
        RegistrySnapshot snapshot = current.get();
        return snapshot != null && age(snapshot, clock.instant()).compareTo(stalenessCap) <= 0;
    }

    /** The snapshot held, however old; null before the first successful read. */
    public RegistrySnapshot lastGood() {
        return current.get();
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
