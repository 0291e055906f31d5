package io.modelfn.api.serving;

import io.modelfn.core.artifact.InvalidModelArtifactException;
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
 * Marks a version FAILED in the registry, with the reason, when the model cache refuses its artifact
 * (an {@link InvalidModelArtifactException} anywhere in the load failure's causes: digest or size
 * mismatch, truncated or malformed ONNX, external data), so operators see why it does not serve and
 * the version cannot be given traffic again until someone looks at it. Other failures (store down,
 * load deadline) say nothing about the artifact and mark nothing.
 *
 * <p>Forwards every event to the listener it decorates. The registry write runs on its own thread,
 * off the model loaders; a write that fails is logged, never thrown.
 */
final class FailedArtifactMarker implements CacheListener {

    static final String ACTOR = "modelfn-serving";
    private static final Logger LOG = Logger.getLogger(FailedArtifactMarker.class);
    private static final int MAX_CAUSES = 16;

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
        artifactProblem(cause).ifPresent(problem -> {
            String reason = "refused at load by the serving cache: " + problem.getMessage();
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

    /** The artifact problem among the causes, if the failure was one. */
    static Optional<InvalidModelArtifactException> artifactProblem(Throwable cause) {
        Throwable current = cause;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (current instanceof InvalidModelArtifactException problem) {
                return Optional.of(problem);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return Optional.empty();
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
            if (state == LifecycleState.FAILED || !state.canMoveTo(LifecycleState.FAILED)) {
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
