package io.modelfn.local;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.monitoring.FeatureCounts;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.FunctionAliases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The local stand-ins for CloudWatch and Lambda in rollouts: canary requests and input bin counts
 * are summed in this process per second as they are emitted, for the last hour ({@link PerSecondSums}),
 * so the rollout's checks and the drift computation read them as they read CloudWatch's sums in AWS; the alarms "firing" are those the local CloudWatch
 * ({@link LocalCloudWatch}, when on) has in ALARM, and there are no function aliases to reset.
 * Every metrics record still goes to the configured sink, and to the local CloudWatch. Thread-safe.
 */
final class LocalSignals implements CanarySignals, FunctionAliases, FeatureCounts, Metrics {

    private static final Duration KEPT = Duration.ofHours(1);

    private final Metrics sink;
    private final Metrics cloudWatch;
    private final Function<String, List<String>> alarmsFiring;
    private final Clock clock;
    /** Canary requests answered without a server error, per endpoint. */
    private final PerSecondSums<String> canaryRequests = new PerSecondSums<>(KEPT);
    /** The emitted FeatureBinCount rows, per version and feature. */
    private final PerSecondSums<Feature> binCounts = new PerSecondSums<>(KEPT);

    private record Feature(ModelKey version, String name) {
    }

    LocalSignals(Metrics sink, Clock clock) {
        this(sink, Metrics.NONE, endpoint -> List.of(), clock);
    }

    /** Records also go to {@code cloudWatch}; the firing alarms of an endpoint come from {@code alarmsFiring}. */
    LocalSignals(Metrics sink, Metrics cloudWatch, Function<String, List<String>> alarmsFiring, Clock clock) {
        this.sink = sink;
        this.cloudWatch = cloudWatch;
        this.alarmsFiring = alarmsFiring;
        this.clock = clock;
    }

    @Override
    public void record(RequestMetrics request) {
        if (Variant.CANARY.equals(request.variant()) && request.status() < 500) {
            canaryRequests.addOne(clock.instant(), request.endpoint());
        }
        sink.record(request);
        cloudWatch.record(request);
    }

    @Override
    public void recordEvent(String endpoint, String variant, String model, String version, String metric, double value,
            String unit) {
        sink.recordEvent(endpoint, variant, model, version, metric, value, unit);
        cloudWatch.recordEvent(endpoint, variant, model, version, metric, value, unit);
    }

    @Override
    public void recordFeatureBins(String model, String version, String feature, long[] counts) {
        binCounts.add(clock.instant(), new Feature(new ModelKey(model, version), feature), counts);
        sink.recordFeatureBins(model, version, feature, counts);
    }

    @Override
    public void recordFeatureDrift(String model, String version, String feature, double psi) {
        sink.recordFeatureDrift(model, version, feature, psi);
    }

    @Override
    public void flush() {
        sink.flush();
    }

    @Override
    public Map<String, long[]> binCounts(ModelKey version, List<ModelCard.FeatureStats> features, Instant from, Instant to) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (ModelCard.FeatureStats f : features) {
            sums.put(f.name(), binCounts.sum(new Feature(version, f.name()), from, to, f.binEdges().length + 1));
        }
        return sums;
    }

    @Override
    public long canaryRequests(String endpoint, Instant from, Instant to) {
        return canaryRequests.sum(endpoint, from, to, 1)[0];
    }

    @Override
    public List<String> alarmsFiring(String endpoint) {
        return alarmsFiring.apply(endpoint);
    }

    @Override
    public boolean resetWeights(String functionName, String alias) {
        return false; // no Lambda functions run locally
    }
}
