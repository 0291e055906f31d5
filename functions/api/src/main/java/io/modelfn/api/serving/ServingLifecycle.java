package io.modelfn.api.serving;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.priming.SnapStartPriming;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Start-up: start the inference engine (failing the start when it cannot run here), read the registry, start its background refresh, and load the configured pinned models,
 * so the first request finds them warm. Readiness reports whether all of that is done.
 */
@ApplicationScoped
public class ServingLifecycle {

    private static final Logger LOG = Logger.getLogger(ServingLifecycle.class);

    @Inject
    RegistrySnapshotCache snapshots;

    @Inject
    ModelCache cache;

    @Inject
    InferenceEngine engine;

    @Inject
    ModelfnConfig config;

    @Inject
    SnapStartPriming priming;

    private final AtomicBoolean preloaded = new AtomicBoolean();

    void onStart(@Observes StartupEvent event) {
        if (config.onnx().requireAtStart()) {
            // Throws EngineUnavailableException: the start fails (on Lambda, the init), nothing is served.
            engine.start();
        }
        snapshots.start();
        preload();
    }

    /** Loads the pinned models; run again by readiness checks until it succeeds. */
    public boolean preload() {
        if (preloaded.get()) {
            return true;
        }
        List<String> pinned = config.cache().preload().orElse(List.of());
        if (!snapshots.ready()) {
            return false;
        }
        var snapshot = snapshots.current();
        for (String key : pinned) {
            var version = snapshot.version(ModelKey.parse(key));
            if (version.isEmpty()) {
                LOG.warnf("pinned model %s is not in the registry; not preloaded", key);
                continue;
            }
            try {
                cache.preload(version.get());
            } catch (RuntimeException e) {
                LOG.warnf("pinned model %s could not be preloaded: %s", key, e.getMessage());
                return false;
            }
        }
        preloaded.set(true);
        return true;
    }

    /** Ready when the registry has been read, the pinned models are loaded and a priming at start-up is done. */
    public boolean ready() {
        return snapshots.ready() && preload() && priming.settled();
    }
}
