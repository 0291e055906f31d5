package io.modelfn.lambda.handler;

import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application's metrics in {@link DirectInferEquivalenceIT}: the real EMF writer, its lines kept in memory
 * as they are made, so that a test reads the records each invocation produced. Enabled by that test's profile only.
 */
@Alternative
@Singleton
public class RecordingMetrics implements Metrics {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final EmfMetrics emf = new EmfMetrics(lines::add, Clock.systemUTC());

    @Override
    public void record(RequestMetrics request) {
        emf.record(request);
    }

    @Override
    public void recordEvent(String endpoint, String variant, String model, String version, String metric, double value,
            String unit) {
        emf.recordEvent(endpoint, variant, model, version, metric, value, unit);
    }

    @Override
    public void recordFeatureBins(String model, String version, String feature, long[] counts) {
        emf.recordFeatureBins(model, version, feature, counts);
    }

    @Override
    public void recordFeatureDrift(String model, String version, String feature, double psi) {
        emf.recordFeatureDrift(model, version, feature, psi);
    }

    /** The lines written since the last call, and forgets them. */
    List<String> take() {
        List<String> taken = List.copyOf(lines);
        lines.removeAll(taken);
        return taken;
    }
}
