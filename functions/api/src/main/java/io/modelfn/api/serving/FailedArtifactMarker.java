package io.modelfn.api.serving;

import io.modelfn.core.artifact.FailedArtifactRule;
import io.modelfn.core.cache.CacheListener;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Marks a version FAILED in the registry, with the reason, when the model cache refuses its artifact,
 * so operators see why it does not serve and the version cannot be given traffic again until someone
 * looks at it. Which failures and states mark a version is core's {@link FailedArtifactRule}; this
 * adapter only translates its answer into a registry transition.
 *
 * <p>Forwards every event to the listener it decorates. The registry write is made on the loader
 * thread, before the requests that waited for the load get their 503 (the cache calls listeners
 * first): on Lambda an environment may be frozen as soon as they answer, and a write left to a
 * background thread would wait, half-done, for the next invocation or be lost with the environment.
 * A failed load is rare and already answers 503, so its requests can wait for one registry write. A
 * write that fails is logged, never thrown.
 */
final class FailedArtifactMarker implements CacheListener {

    static final String ACTOR = "modelfn-serving";
    private static final Logger LOG = Logger.getLogger(FailedArtifactMarker.class);

    private final CacheListener next;
    private final Supplier<ModelRegistry> registry;

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
        FailedArtifactRule.failureReason(cause).ifPresent(reason -> mark(key, reason));
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
            // Best effort: the request gets its 503 either way, and the next failed load tries again.
            LOG.warnf("could not mark %s FAILED: %s", key, e.getMessage());
        }
    }
}
