package io.modelfn.api.serving;

import io.modelfn.core.artifact.FailedArtifactRule;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Marks a version FAILED in the registry, with the reason, when the model cache refuses its artifact,
 * so operators see why it does not serve and the version cannot be given traffic again until someone
 * looks at it. Which failures and states mark a version is core's {@link FailedArtifactRule}; this
 * adapter only translates its answer into a registry transition.
 *
 * <p>Forwards every event to the listener it decorates. The registry write runs on its own thread,
 * off the model loaders; a write that fails is logged, never thrown.
 */
final class FailedArtifactMarker implements CacheListener {

    static final String ACTOR = "modelfn-serving";
    private static final Logger LOG = Logger.getLogger(FailedArtifactMarker.class);

    private final CacheListener next;
    private final Supplier<ModelRegistry> registry;
    private volatile ExecutorService writer;

    FailedArtifactMarker(CacheListener next, Supplier<ModelRegistry> registry) {
        this.next = next;
        this.registry = registry;
    }

    @Override
    public void loaded(ModelKey key, long loadMillis, long memoryBytes) {
        next.loaded(key, loadMillis, memoryBytes);
    }

    @Override
    public void loadFailed(ModelKey key, Throwable cause) {
        next.loadFailed(key, cause);
        FailedArtifactRule.failureReason(cause).ifPresent(reason -> {
            try {
                writer().execute(() -> mark(key, reason));
            } catch (RuntimeException e) {
                LOG.warnf("could not mark %s FAILED: %s", key, e.getMessage());
            }
        });
    }

    @Override
    public void evicted(ModelKey key) {
        next.evicted(key);
    }

    @Override
    public void closed(ModelKey key) {
        next.closed(key);
    }

    /** Moves the version to FAILED unless it is already there (or in a state that cannot fail). */
    void mark(ModelKey key, String reason) {
        try {
            ModelRegistry target = registry.get();
            Optional<VersionRecord> record = target.version(key);
            if (record.isEmpty()) {
                LOG.warnf("%s failed to load but is not in the registry; nothing to mark", key);
                return;
            }
            LifecycleState state = record.get().version().state();
            if (!FailedArtifactRule.shouldMark(state)) {
                return;
            }
            target.transition(key, LifecycleState.FAILED, reason, record.get().revision(), Change.by(ACTOR, reason));
            LOG.warnf("marked %s FAILED (was %s): %s", key, state, reason);
        } catch (RuntimeException e) {
            // Best effort: the request already got its 503, and the next failed load tries again.
            LOG.warnf("could not mark %s FAILED: %s", key, e.getMessage());
        }
    }

    private ExecutorService writer() {
        ExecutorService current = writer;
        if (current == null) {
            synchronized (this) {
                if (writer == null) {
                    writer = Executors.newSingleThreadExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "modelfn-failed-artifact-marker");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                current = writer;
            }
        }
        return current;
    }
}
