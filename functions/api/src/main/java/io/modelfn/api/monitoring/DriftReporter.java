package io.modelfn.api.monitoring;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.monitoring.DriftMonitor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Reports input drift every {@code modelfn.drift.report-interval}, off the request path. */
@ApplicationScoped
public class DriftReporter {

    private static final Logger LOG = Logger.getLogger(DriftReporter.class);

    @Inject
    DriftMonitor drift;

    @Inject
    ModelfnConfig config;

    private ScheduledExecutorService scheduler;

    void start(@Observes StartupEvent event) {
        long millis = config.drift().reportInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "modelfn-drift-report");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    void report() {
        try {
            drift.report().forEach(d -> {
                if (d.psi() > 0.25) {
                    LOG.warnf("input drift on %s feature %s: PSI %.3f over %d rows", d.version(), d.feature(), d.psi(), d.samples());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("drift report failed", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
