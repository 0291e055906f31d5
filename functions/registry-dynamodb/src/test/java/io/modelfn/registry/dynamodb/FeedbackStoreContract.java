package io.modelfn.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.monitoring.FeedbackCounts;
import io.modelfn.core.monitoring.FeedbackStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What {@link DynamoDbFeedbackStore} counts, run against each DynamoDB engine: DynamoDB Local in
 * process ({@code DynamoDbFeedbackStoreIT}) and LocalStack ({@code LocalStackFeedbackStoreIT}).
 */
abstract class FeedbackStoreContract {

    /** The engine's client and this test's table name. */
    protected abstract RegistryTables tables();

    private final ModelKey iris = ModelKey.parse("iris/1.1.0");

    private DynamoDbFeedbackStore store() {
        return new DynamoDbFeedbackStore(tables().client(), tables().createRegistryTable(), Clock.systemUTC());
    }

    @Test
    void record_should_build_a_confusion_matrix_and_count_each_prediction_once() {
        DynamoDbFeedbackStore store = store();

        assertThat(store.record(iris, "req-1", new FeedbackStore.ClassOutcome("setosa", "setosa"))).isTrue();
        assertThat(store.record(iris, "req-2", new FeedbackStore.ClassOutcome("virginica", "versicolor"))).isTrue();
        assertThat(store.record(iris, "req-3", new FeedbackStore.ClassOutcome("virginica", "virginica"))).isTrue();
        assertThat(store.record(iris, "req-2", new FeedbackStore.ClassOutcome("virginica", "versicolor")))
                .as("the same prediction again").isFalse();

        FeedbackCounts counts = store.read(iris);
        assertThat(counts.count()).isEqualTo(3);
        assertThat(counts.correct()).isEqualTo(2);
        assertThat(counts.confusion()).containsEntry("setosa", java.util.Map.of("setosa", 1L));
        assertThat(counts.confusion().get("virginica")).containsEntry("versicolor", 1L).containsEntry("virginica", 1L);
    }

    @Test
    void record_should_sum_regression_errors() {
        DynamoDbFeedbackStore store = store();
        ModelKey diabetes = ModelKey.parse("diabetes/1.0.0");

        store.record(diabetes, "r-1", 10.0);
        store.record(diabetes, "r-2", 30.0);

        FeedbackCounts counts = store.read(diabetes);
        assertThat(counts.count()).isEqualTo(2);
        assertThat(counts.sumAbsoluteError()).isEqualTo(40.0);
        assertThat(counts.sumSquaredError()).isEqualTo(1000.0);
    }

    @Test
    void concurrent_reports_should_all_be_counted() throws Exception {
        DynamoDbFeedbackStore store = store();
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 100; i++) {
                String id = "c-" + i;
                boolean right = i % 4 != 0;
                results.add(pool.submit(() -> store.record(iris, id,
                        new FeedbackStore.ClassOutcome("setosa", right ? "setosa" : "virginica"))));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }

        FeedbackCounts counts = store.read(iris);
        assertThat(counts.count()).isEqualTo(100);
        assertThat(counts.correct()).isEqualTo(75);
    }

    @Test
    void read_should_give_zero_counts_for_a_version_without_feedback() {
        assertThat(store().read(ModelKey.parse("digits/1.0.0"))).isEqualTo(FeedbackCounts.NONE);
    }
}
