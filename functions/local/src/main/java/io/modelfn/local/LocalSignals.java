package io.modelfn.local;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.FunctionAliases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stand-ins for CloudWatch and Lambda in rollouts: canary requests are counted in this
 * process as they are answered (the last hour), no alarm is ever "firing" by itself (alarms arrive
 * as events at {@code POST /local/events}), and there are no function aliases to reset.
 * Every metrics record still goes to the configured sink. Thread-safe.
 */
final class LocalSignals implements CanarySignals, FunctionAliases, Metrics {

    private static final Duration KEPT = Duration.ofHours(1);

    private final Metrics sink;
    private final Clock clock;
    private final Map<String, Deque<Instant>> canaryRequests = new ConcurrentHashMap<>();

    LocalSignals(Metrics sink, Clock clock) {
        this.sink = sink;
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
    }

    @Override
    public void recordEvent(String endpoint, String variant, String model, String version, String metric, double value,
            String unit) {
        sink.recordEvent(endpoint, variant, model, version, metric, value, unit);
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
        return List.of();
    }

    @Override
    public boolean resetWeights(String functionName, String alias) {
        return false; // no Lambda functions run locally
    }
}
