package io.modelfn.api.serving;

import io.modelfn.api.clients.AwsClients;
import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.priming.PreloadPlans;
import io.modelfn.api.priming.SnapStartPriming;
import io.modelfn.core.cache.ModelCache;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Start-up: start the inference engine (failing the start when it cannot run here), read the
 * registry, start its background refresh, and load the versions it routes traffic to (and any
 * pinned on top, see {@link PreloadPlans}), so the first request finds them warm. Readiness reports
 * whether all of that is done.
 *
 * <p>The engine starts on a thread of its own while the registry is read, and every planned version's load
 * starts before the first is waited for: on one core the engine's native libraries load while the registry's
 * calls wait for their answers, and one version's fetch waits while another's session is built
 * ({@link PreloadPlans#load}). All of it is joined before {@link #onStart} returns (on Lambda, before init ends).
 * On Lambda the registry's first read may have begun earlier still, as the handler class loaded
 * ({@link EarlyRegistryRead}).
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
        FutureTask<Void> engineStart = null;
        if (config.onnx().requireAtStart()) {
            engineStart = new FutureTask<>(() -> {
                engine.start();
                return null;
            });
            Thread thread = new Thread(engineStart, "modelfn-engine-start");
            thread.setDaemon(true);
            thread.start();
        }
        snapshots.start(earlyRead().orElse(null));
        if (engineStart != null) {
            // EngineUnavailableException: the start fails (on Lambda, the init), nothing is served.
            awaitEngine(engineStart);
        }
        preload();
    }

    /**
     * The registry read begun as the Lambda handler loaded ({@link EarlyRegistryRead}), when it was made where this
     * configuration reads the registry, through the same kind of client.
     */
    private Optional<RegistrySnapshotCache.Read> earlyRead() {
        Optional<RegistrySnapshotCache.Read> early = EarlyRegistryRead.take(new EarlyRegistryRead.Where(
                config.registry().table(), config.aws().region(), config.aws().dynamodbEndpoint()));
        if (early.isEmpty() || AwsClients.lean(config).isEmpty()) {
            return Optional.empty();
        }
        LOG.infof("the registry read begun as the handler loaded is the first snapshot (read at %s)",
                early.get().started());
        return early;
    }

    private static void awaitEngine(FutureTask<Void> engineStart) {
        try {
            engineStart.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the inference engine started", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Loads the routed and pinned models; run again by readiness checks until it succeeds. */
    public boolean preload() {
        if (preloaded.get()) {
            return true;
        }
        if (!snapshots.ready()) {
            return false;
        }
        if (!PreloadPlans.load(PreloadPlans.plan(snapshots.current(), config.cache(), cache), cache)) {
            return false;
        }
        preloaded.set(true);
        return true;
    }

    /** Ready when the registry has been read, the pinned models are loaded and a priming at start-up is done. */
    public boolean ready() {
        return snapshots.ready() && preload() && priming.settled();
    }
}
