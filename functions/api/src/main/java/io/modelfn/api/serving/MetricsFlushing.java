package io.modelfn.api.serving;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.MetricsFlusher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * When the metrics kept in memory are written out: every {@code modelfn.metrics.flush-interval} from
 * start-up, and once more at shutdown (SIGTERM to a container, the local runner's stop), so a clean
 * stop loses nothing. Per invocation ({@link #PER_INVOCATION}, the prediction function on Lambda) no
 * timer runs: nothing may run after an answer there, and the handler flushes before it returns.
 */
@ApplicationScoped
public class MetricsFlushing {

    /** The property a Lambda handler sets before Quarkus starts, when it flushes after each invocation. */
    public static final String PER_INVOCATION = "modelfn.metrics.flush-per-invocation";

    @Inject
    Metrics metrics;

    @Inject
    ModelfnConfig config;

    private volatile MetricsFlusher flusher;

    void onStart(@Observes StartupEvent event) {
        if (config.metrics().emf() && !config.metrics().flushPerInvocation()
                && config.metrics().flushInterval().isPositive()) {
            flusher = MetricsFlusher.every(config.metrics().flushInterval(), metrics);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        MetricsFlusher running = flusher;
        if (running != null) {
            running.close();
        } else {
            metrics.flush();
        }
    }
}
