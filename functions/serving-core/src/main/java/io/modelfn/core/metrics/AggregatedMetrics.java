package io.modelfn.core.metrics;

/**
 * A {@link Metrics} sink that keeps request records and feature-bin counts in memory and writes them
 * as aggregated EMF records when {@link #flush()} is called: once per interval in a long-running
 * process ({@link MetricsFlusher}), once per invocation on Lambda, and at shutdown. Every request
 * given to {@link #record} is in exactly one flush: its counters add up to the requests served, and
 * its latencies keep their exact values with counts (see {@link EmfWindowWriter}). Records that are
 * not per request (shadow and feedback events, drift, registry health) are written at once, as before.
 *
 * <p>What is held between flushes is lost if the process dies without a shutdown (a crash, SIGKILL):
 * at most one interval of request metrics. Thread-safe; recording takes one short lock and allocates
 * only for a series, bin or value not yet seen in the interval; writing happens outside the lock.
 */
public final class AggregatedMetrics implements Metrics {

    private final EmfMetrics emf;
    private final EmfWindowWriter writer;
    private final Object lock = new Object();
    private MetricWindow window = new MetricWindow();

    /** Aggregates for {@code emf}, which writes the records out (and the unaggregated ones at once). */
    public AggregatedMetrics(EmfMetrics emf) {
        this.emf = emf;
        this.writer = new EmfWindowWriter(emf);
    }

    @Override
    public void record(RequestMetrics request) {
        try {
            synchronized (lock) {
                window.add(request);
            }
        } catch (RuntimeException e) {
            // A metric is never worth a failed request.
        }
    }

    @Override
    public void recordFeatureBins(String model, String version, String feature, long[] counts) {
        try {
            synchronized (lock) {
                window.addBins(model, version, feature, counts);
            }
        } catch (RuntimeException e) {
            // as above
        }
    }

    @Override
    public void recordEvent(String endpoint, String variant, String model, String version, String metric,
            double value, String unit) {
        emf.recordEvent(endpoint, variant, model, version, metric, value, unit);
    }

    @Override
    public void recordFeatureDrift(String model, String version, String feature, double psi) {
        emf.recordFeatureDrift(model, version, feature, psi);
    }

    @Override
    public void recordRegistry(String source, String metric, double value, String unit) {
        emf.recordRegistry(source, metric, value, unit);
    }

    /** Writes every observation recorded since the last flush, then returns; concurrent records go to the next. */
    @Override
    public void flush() {
        MetricWindow full;
        synchronized (lock) {
            if (window.isEmpty()) {
                return;
            }
            full = window;
            window = new MetricWindow();
        }
        try {
            writer.write(full);
        } catch (RuntimeException e) {
            // as above
        }
    }
}
