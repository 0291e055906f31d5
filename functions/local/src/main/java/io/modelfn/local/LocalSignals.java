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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The local stand-ins for CloudWatch and Lambda in rollouts: canary requests and input bin counts
 * are kept in this process as they are emitted (the last hour), so the rollout's drift computation
 * reads them as it reads CloudWatch's sums in AWS; the alarms "firing" are those the local CloudWatch
 * ({@link LocalCloudWatch}, when on) has in ALARM, and there are no function aliases to reset.
 * Every metrics record still goes to the configured sink, and to the local CloudWatch. Thread-safe.
 */
final class LocalSignals implements CanarySignals, FunctionAliases, FeatureCounts, Metrics {

    private static final Duration KEPT = Duration.ofHours(1);

    private final Metrics sink;
    private final Metrics cloudWatch;
    private final Function<String, List<String>> alarmsFiring;
    private final Clock clock;
    private final Map<String, Deque<Instant>> canaryRequests = new ConcurrentHashMap<>();
    private final Deque<BinCount> binCounts = new ArrayDeque<>();

    /** One emitted FeatureBinCount: when, for which version, feature and bin, how many rows. */
    private record BinCount(Instant at, ModelKey version, String feature, int bin, long rows) {
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
            Deque<Instant> times = canaryRequests.computeIfAbsent(request.endpoint(), e -> new ArrayDeque<>());
            Instant now = clock.instant();
            synchronized (times) {
                times.addLast(now);
                while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(KEPT))) {
                    times.removeFirst();
                }
            }
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
        Instant now = clock.instant();
        ModelKey key = new ModelKey(model, version);
        synchronized (binCounts) {
            for (int bin = 0; bin < counts.length; bin++) {
                if (counts[bin] > 0) {
                    binCounts.addLast(new BinCount(now, key, feature, bin, counts[bin]));
                }
            }
            while (!binCounts.isEmpty() && binCounts.peekFirst().at().isBefore(now.minus(KEPT))) {
                binCounts.removeFirst();
            }
        }
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
        features.forEach(f -> sums.put(f.name(), new long[f.binEdges().length + 1]));
        synchronized (binCounts) {
            for (BinCount count : binCounts) {
                long[] bins = sums.get(count.feature());
                if (count.version().equals(version) && bins != null && count.bin() < bins.length
                        && !count.at().isBefore(from) && count.at().isBefore(to)) {
                    bins[count.bin()] += count.rows();
                }
            }
        }
        return sums;
    }

    @Override
    public long canaryRequests(String endpoint, Instant from, Instant to) {
        Deque<Instant> times = canaryRequests.get(endpoint);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            return times.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
        }
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
