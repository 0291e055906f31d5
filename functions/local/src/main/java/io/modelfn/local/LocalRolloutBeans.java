package io.modelfn.local;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.core.alarms.AlarmStore;
import io.modelfn.core.metrics.AggregatedMetrics;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.monitoring.FeatureCounts;
import io.modelfn.core.notice.LoggedRollbackNotifier;
import io.modelfn.core.notice.RollbackNotifier;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.FunctionAliases;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The local runner's rollout signals, alarms and drift counts: kept in process (and in the local CloudWatch), replacing CloudWatch and Lambda. */
@ApplicationScoped
public class LocalRolloutBeans {

    @Produces
    @Singleton
    @Typed(LocalSignals.class)
    LocalSignals localSignals(ModelfnConfig config, Clock clock, LocalCloudWatch cloudWatch) {
        // EMF on: aggregated per interval and at stop (MetricsFlushing), as in the container; every record
        // also goes to the local CloudWatch, which evaluates the alarms.
        return new LocalSignals(config.metrics().emf() ? new AggregatedMetrics(EmfMetrics.to(System.out, clock))
                : Metrics.NONE, cloudWatch.records(), cloudWatch::alarmsFiring, clock);
    }

    @Produces
    @Singleton
    @Alternative
    @Priority(10)
    Metrics metrics(LocalSignals signals) {
        return signals;
    }

    @Produces
    @Singleton
    CanarySignals canarySignals(LocalSignals signals) {
        return signals;
    }

    @Produces
    @Singleton
    FunctionAliases functionAliases(LocalSignals signals) {
        return signals;
    }

    /**
     * The alarms of local releases: put in the local CloudWatch through its API when it is on (so they are
     * evaluated), else kept in process.
     */
    @Produces
    @Singleton
    AlarmStore alarmStore(LocalCloudWatch cloudWatch) {
        return cloudWatch.alarmStore();
    }

    /** Rollback notices go to the runner's log (a WARN line with the subject and the JSON message), never to AWS. */
    @Produces
    @Singleton
    RollbackNotifier rollbackNotifier() {
        return new LoggedRollbackNotifier();
    }

    /** Drift locally: the same computation as in AWS, on the bin counts this process emitted. */
    @Produces
    @Singleton
    FeatureCounts featureCounts(LocalSignals signals) {
        return signals;
    }
}
