package io.modelfn.api.serving;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.priming.PreloadPlans;
import io.modelfn.api.priming.SnapStartPriming;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.routing.RoutedVersions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Start-up: start the inference engine (failing the start when it cannot run here), read the
 * registry, start its background refresh, and load the versions it routes traffic to (and any
 * pinned on top, see {@link PreloadPlans}), so the first request finds them warm. Readiness reports
 * whether all of that is done.
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

    /** Loads the routed and pinned models; run again by readiness checks until it succeeds. */
    public boolean preload() {
        if (preloaded.get()) {
            return true;
        }
        if (!snapshots.ready()) {
            return false;
        }
        for (RoutedVersions.Planned planned : PreloadPlans.plan(snapshots.current(), config.cache(), cache)) {
            try {
                cache.preload(planned.version());
            } catch (RuntimeException e) {
                LOG.warnf("%s (%s) could not be preloaded: %s", planned.version().key(), planned.reason(),
                        e.getMessage());
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
