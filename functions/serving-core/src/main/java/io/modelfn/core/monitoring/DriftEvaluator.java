package io.modelfn.core.monitoring;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Input drift where every execution environment's counts meet: for each model version an endpoint
 * serves, reads the rows per bin of each feature summed over the last window ({@link FeatureCounts}),
 * computes the {@link Psi} against the version's training profile (its model card) and emits it
 * ({@code FeatureDriftPSI}, dimension set [Model, Version, Feature]), which the drift alarm watches.
 *
 * <p>Run by the rollout function's schedule (every minute), it evaluates only every
 * {@link Settings#every()} (minutes of the epoch divisible by it), which bounds the metric reads.
 * The window ends {@link Settings#lag()} before the current minute, so records CloudWatch is still
 * ingesting are not missed. A feature with fewer than {@link Settings#minRows()} rows in the window
 * is skipped: fewer rows give a noisy index. Stateless, thread-safe.
 */
public final class DriftEvaluator {

    /**
     * @param window how far back the counts are summed
     * @param every how often (a whole number of minutes) the scheduled check evaluates
     * @param lag how long before the current minute the window ends
     * @param minRows rows a feature needs in the window before its index is emitted
     */
    public record Settings(Duration window, Duration every, Duration lag, long minRows) {
        public Settings {
            if (window.toMinutes() < 1 || every.toMinutes() < 1 || lag.isNegative() || minRows < 1) {
                throw new IllegalArgumentException("drift: window and every are whole minutes ≥ 1, lag ≥ 0, minRows ≥ 1");
            }
        }
    }

    /** What one evaluation did: the indexes it emitted and why other features or versions had none. */
    public record Report(List<FeatureDrift> drift, List<String> skipped) {
    }

    private final ModelRegistry registry;
    private final FeatureCounts counts;
    private final Metrics metrics;
    private final Clock clock;
    private final Settings settings;

    public DriftEvaluator(ModelRegistry registry, FeatureCounts counts, Metrics metrics, Clock clock, Settings settings) {
        this.registry = registry;
        this.counts = counts;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
    }

    /** The scheduled check: evaluates when this minute is one of every {@code every}, else does nothing. */
    public Report evaluateIfDue() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (minute.getEpochSecond() / 60 % settings.every().toMinutes() != 0) {
            return new Report(List.of(), List.of());
        }
        return evaluate(minute);
    }

    /** Evaluates every served version now. */
    public Report evaluateAll() {
        return evaluate(clock.instant().truncatedTo(ChronoUnit.MINUTES));
    }

    private Report evaluate(Instant minute) {
        Instant to = minute.minus(settings.lag());
        Instant from = to.minus(settings.window());
        List<FeatureDrift> drift = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<ModelKey> versions;
        try {
            versions = servedVersions();
        } catch (RuntimeException e) {
            // The registry unreadable: nothing evaluated this time, and the schedule's rollout step is unharmed.
            return new Report(drift, List.of("endpoints: failed: " + e.getMessage()));
        }
        for (ModelKey key : versions) {
            try {
                List<ModelCard.FeatureStats> features = registry.version(key).map(VersionRecord::version)
                        .map(v -> v.features()).orElse(List.of());
                if (features.isEmpty()) {
                    continue; // no training profile: nothing to compare with
                }
                drift.addAll(evaluate(key, features, counts.binCounts(key, features, from, to), skipped));
            } catch (RuntimeException e) {
                // One version's failed read must not stop the others.
                skipped.add(key + ": failed: " + e.getMessage());
            }
        }
        return new Report(drift, skipped);
    }

    private List<FeatureDrift> evaluate(ModelKey key, List<ModelCard.FeatureStats> features, Map<String, long[]> binCounts,
            List<String> skipped) {
        List<FeatureDrift> drift = new ArrayList<>();
        for (ModelCard.FeatureStats feature : features) {
            long[] observed = binCounts.getOrDefault(feature.name(), new long[feature.binProportions().length]);
            long rows = 0;
            for (long count : observed) {
                rows += count;
            }
            if (rows < settings.minRows()) {
                skipped.add(key + " " + feature.name() + ": " + rows + " rows, fewer than " + settings.minRows());
                continue;
            }
            double psi = Psi.of(feature.binProportions(), observed);
            metrics.recordFeatureDrift(key.name(), key.version(), feature.name(), psi);
            drift.add(new FeatureDrift(key, feature.name(), psi, rows));
        }
        return drift;
    }

    /** Each version some endpoint routes to (any role), once. */
    private Set<ModelKey> servedVersions() {
        Set<ModelKey> versions = new LinkedHashSet<>();
        for (EndpointConfig endpoint : registry.endpoints()) {
            endpoint.variants().stream().map(Variant::model).forEach(versions::add);
        }
        return versions;
    }
}
