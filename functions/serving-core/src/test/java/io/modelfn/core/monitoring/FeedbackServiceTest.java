package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.predictiontoken.ExpiredPredictionTokenException;
import io.modelfn.core.predictiontoken.ForgedPredictionTokenException;
import io.modelfn.core.predictiontoken.MalformedPredictionTokenException;
import io.modelfn.core.predictiontoken.Predicted;
import io.modelfn.core.predictiontoken.PredictionToken;
import io.modelfn.core.predictiontoken.PredictionTokenKeys;
import io.modelfn.core.predictiontoken.PredictionTokenSigner;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.testkit.InMemoryRegistryReader;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.Registries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedbackServiceTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Counts in memory, one marker per prediction. */
    static final class MemoryStore implements FeedbackStore {
        final Map<ModelKey, List<Object>> outcomes = new HashMap<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();

        @Override
        public synchronized boolean record(ModelKey version, String predictionId, Object outcome) {
            if (!seen.add(predictionId)) {
                return false;
            }
            outcomes.computeIfAbsent(version, k -> new ArrayList<>()).add(outcome);
            return true;
        }

        @Override
        public synchronized FeedbackCounts read(ModelKey version) {
            List<Object> list = outcomes.getOrDefault(version, List.of());
            long correct = 0;
            double abs = 0;
            double sq = 0;
            Map<String, Map<String, Long>> confusion = new LinkedHashMap<>();
            for (Object o : list) {
                if (o instanceof ClassOutcome c) {
                    correct += c.actual().equals(c.predicted()) ? 1 : 0;
                    confusion.computeIfAbsent(c.actual(), k -> new LinkedHashMap<>()).merge(c.predicted(), 1L, Long::sum);
                } else {
                    abs += (Double) o;
                    sq += (Double) o * (Double) o;
                }
            }
            return new FeedbackCounts(list.size(), correct, confusion, abs, sq);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final List<String> events = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void record(io.modelfn.core.metrics.RequestMetrics request) {
        }

        @Override
        public void recordEvent(String endpoint, String variant, String model, String version, String metric,
                double value, String unit) {
            events.add(endpoint + "/" + variant + "/" + model + "/" + version + " " + metric + "=" + value);
        }
    };
    private final MutableClock clock = MutableClock.atEpoch();
    private final PredictionTokenSigner tokens = new PredictionTokenSigner(PredictionTokenKeys.generated(), clock,
            Duration.ofDays(7));
    private final FeedbackService service = new FeedbackService(snapshots(), store, metrics, Optional.of(tokens));

    private static RegistrySnapshotCache snapshots() {
        var snapshot = Registries.snapshot(
                List.of(Registries.sample("iris/1.0.0"), Registries.sample("iris/1.1.0"), Registries.sample("diabetes/1.0.0")),
                List.of(Registries.endpoint("iris", Registries.variant("stable", "iris/1.0.0", 9000),
                                Registries.variant("canary", "iris/1.1.0", 1000)),
                        Registries.endpoint("diabetes", Registries.variant("stable", "diabetes/1.0.0", 10000))));
        RegistrySnapshotCache cache = new RegistrySnapshotCache(new InMemoryRegistryReader(snapshot), MutableClock.atEpoch(),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(5));
        cache.refresh();
        return cache;
    }

    /** The token the iris endpoint's answer carried: served by {@code variant} of iris {@code version}. */
    private String served(String id, String version, String variant, String predicted) {
        return tokens.sign(new PredictionToken(id, "iris", "iris", version, variant, new Predicted.Label(predicted),
                clock.instant()));
    }

    private static final String[] IRIS = {"setosa", "versicolor", "virginica"};

    private FeedbackReport report(String id, String version, String variant, int predicted, Object actual) {
        return new FeedbackReport(served(id, version, variant, IRIS[predicted]), json(actual));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object value) {
        return value instanceof Integer i ? JSON.numberNode(i) : JSON.textNode((String) value);
    }

    @Test
    void record_should_emit_correct_and_incorrect_for_the_variant_in_the_token() {
        service.record(report("p-1", "1.1.0", "canary", 2, "virginica"));
        service.record(report("p-2", "1.1.0", "canary", 1, 2));

        assertThat(events).containsExactly(
                "iris/canary/iris/1.1.0 FeedbackCorrect=1.0", "iris/canary/iris/1.1.0 FeedbackIncorrect=0.0",
                "iris/canary/iris/1.1.0 FeedbackCorrect=0.0", "iris/canary/iris/1.1.0 FeedbackIncorrect=1.0");
        FeedbackCounts counts = store.read(ModelKey.parse("iris/1.1.0"));
        assertThat(counts.count()).isEqualTo(2);
        assertThat(counts.confusion()).containsEntry("virginica", Map.of("virginica", 1L, "versicolor", 1L));
    }

    @Test
    void record_should_count_a_prediction_once_even_when_its_token_is_replayed() {
        String token = served("p-1", "1.0.0", "stable", "setosa");
        service.record(new FeedbackReport(token, JSON.numberNode(0)));

        assertThatThrownBy(() -> service.record(new FeedbackReport(token, JSON.numberNode(1))))
                .isInstanceOf(ConflictException.class);
        assertThat(events).hasSize(2);
    }

    @Test
    void record_should_take_the_prediction_from_the_token_and_refuse_claims_that_disagree() {
        String token = served("p-3", "1.0.0", "stable", "setosa");
        var agreeing = new FeedbackReport.Claimed("p-3", "iris", "iris", "1.0.0", "stable", JSON.numberNode(0));

        for (var claim : List.of(
                new FeedbackReport.Claimed(null, null, null, null, null, JSON.textNode("virginica")),
                new FeedbackReport.Claimed(null, null, null, null, null, JSON.numberNode(2)),
                new FeedbackReport.Claimed("p-other", null, null, null, null, null),
                new FeedbackReport.Claimed(null, "diabetes", null, null, null, null),
                new FeedbackReport.Claimed(null, null, null, "1.1.0", null, null),
                new FeedbackReport.Claimed(null, null, null, null, "canary", null))) {
            assertThatThrownBy(() -> service.record(new FeedbackReport(token, JSON.numberNode(0), claim))).as(claim.toString())
                    .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("disagrees with the prediction token");
        }
        assertThat(events).isEmpty();

        var recorded = service.record(new FeedbackReport(token, JSON.textNode("setosa"), agreeing));

        assertThat(recorded.correct()).isTrue();
        assertThat(recorded.variant()).isEqualTo("stable");
    }

    @Test
    void record_should_refuse_forged_expired_and_missing_tokens_and_count_nothing() {
        String token = served("p-4", "1.0.0", "stable", "setosa");
        var otherKey = new PredictionTokenSigner(PredictionTokenKeys.generated(), clock, Duration.ofDays(7));
        String forged = otherKey.sign(new PredictionToken("p-5", "iris", "iris", "1.0.0", "stable",
                new Predicted.Label("setosa"), clock.instant()));

        assertThatThrownBy(() -> service.record(new FeedbackReport(forged, JSON.numberNode(0))))
                .isInstanceOf(ForgedPredictionTokenException.class);
        assertThatThrownBy(() -> service.record(new FeedbackReport(null, JSON.numberNode(0))))
                .isInstanceOf(MalformedPredictionTokenException.class);
        clock.advance(Duration.ofDays(8));
        assertThatThrownBy(() -> service.record(new FeedbackReport(token, JSON.numberNode(0))))
                .isInstanceOf(ExpiredPredictionTokenException.class);
        assertThat(events).isEmpty();
        assertThat(store.read(ModelKey.parse("iris/1.0.0")).count()).isZero();
    }

    @Test
    void record_should_refuse_all_feedback_where_no_token_key_is_configured() {
        var off = new FeedbackService(snapshots(), store, metrics, Optional.empty());

        assertThatThrownBy(() -> off.record(report("p-8", "1.0.0", "stable", 0, 0)))
                .isInstanceOf(FeedbackUnavailableException.class);
        assertThat(events).isEmpty();
    }

    @Test
    void record_should_refuse_an_unknown_class_as_the_truth() {
        assertThatThrownBy(() -> service.record(report("p-6", "1.0.0", "stable", 0, 7)))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("not one of the model's 3 classes");
        assertThatThrownBy(() -> service.record(report("p-7", "1.0.0", "stable", 0, "tulip")))
                .isInstanceOf(InvalidAdminRequestException.class);
    }

    @Test
    void record_should_emit_the_absolute_error_of_a_regression() {
        String token = tokens.sign(new PredictionToken("d-1", "diabetes", "diabetes", "1.0.0", "stable",
                new Predicted.Number(150.0), clock.instant()));

        service.record(new FeedbackReport(token, JSON.numberNode(120.0)));

        assertThat(events).containsExactly("diabetes/stable/diabetes/1.0.0 FeedbackAbsoluteError=30.0");
    }

    @Test
    void comparisons_should_find_the_better_variant_when_the_difference_is_significant() {
        for (int i = 0; i < 400; i++) {
            service.record(report("a-" + i, "1.0.0", "stable", i % 10 < 7 ? 0 : 1, 0));   // 70 % right
            service.record(report("b-" + i, "1.1.0", "canary", i % 10 < 9 ? 0 : 1, 0));   // 90 % right
        }

        AbComparison comparison = new AbComparisons(store).compare("stable", ModelKey.parse("iris/1.0.0"), "canary",
                ModelKey.parse("iris/1.1.0"), io.modelfn.core.model.ModelCard.Task.CLASSIFICATION, 0.05);

        assertThat(comparison.a().accuracy()).isEqualTo(0.7);
        assertThat(comparison.b().accuracy()).isEqualTo(0.9);
        assertThat(comparison.pValue()).isLessThan(1e-10);
        assertThat(comparison.verdict()).startsWith("canary is more accurate");
        assertThat(comparison.a().accuracyInterval().low()).isLessThan(0.7).isGreaterThan(0.65);
        assertThat(comparison.sampleSizePerGroup()).isPositive();
    }

    @Test
    void comparisons_should_say_how_many_reports_are_still_needed() {
        for (int i = 0; i < 20; i++) {
            service.record(report("a-" + i, "1.0.0", "stable", i % 10 < 8 ? 0 : 1, 0));
            service.record(report("b-" + i, "1.1.0", "canary", i % 10 < 8 ? 0 : 1, 0));
        }

        AbComparison comparison = new AbComparisons(store).compare("stable", ModelKey.parse("iris/1.0.0"), "canary",
                ModelKey.parse("iris/1.1.0"), io.modelfn.core.model.ModelCard.Task.CLASSIFICATION, 0.05);

        assertThat(comparison.pValue()).isEqualTo(1.0);
        assertThat(comparison.verdict()).startsWith("no significant difference yet").contains("the smaller side has 20");
        assertThat(comparison.sampleSizePerGroup()).isEqualTo(AbStatistics.sampleSizePerGroup(0.8, 0.05, 0.05, 0.8));
        assertThat(Variant.CANARY).isEqualTo("canary");
    }
}
