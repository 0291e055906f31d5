package io.modelfn.localcloudwatch.alarms;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates a stand-in's alarms continuously on a daemon thread, every {@code every} of real time. Since
 * only ended periods are evaluated, ticking more often than the shortest period only shortens the delay
 * between a period's end and its evaluation (at most {@code every}).
 */
public final class AlarmTicker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AlarmTicker.class.getName());

    private final ScheduledExecutorService executor;

    private AlarmTicker(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static AlarmTicker start(CloudWatchStandIn standIn, Duration every) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cloudwatch-standin-alarms");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                standIn.evaluate().forEach(t -> LOG.log(System.Logger.Level.INFO,
                        "alarm " + t.alarmName() + ": " + t.from() + " -> " + t.to() + " (" + t.reason() + ")"));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "alarm evaluation failed", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new AlarmTicker(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
