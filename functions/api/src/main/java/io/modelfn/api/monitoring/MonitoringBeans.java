package io.modelfn.api.monitoring;

import io.modelfn.api.config.ModelfnConfig;
import io.modelfn.api.predictiontoken.PredictionTokenHeader;
import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.monitoring.AbCompareService;
import io.modelfn.core.monitoring.AbComparisons;
import io.modelfn.core.monitoring.FeedbackService;
import io.modelfn.core.monitoring.FeedbackStore;
import io.modelfn.core.registry.RegistrySnapshotCache;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.registry.dynamodb.DynamoDbFeedbackStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires quality monitoring: feedback counters and service, A/B comparisons. Drift is not computed
 * here: each request emits its input bin counts, and the rollout function computes the index where
 * every environment's counts meet.
 */
@ApplicationScoped
public class MonitoringBeans {

    @Produces
    @Singleton
    FeedbackStore feedbackStore(DynamoDbClient dynamoDb, ModelfnConfig config, Clock clock) {
        return new DynamoDbFeedbackStore(dynamoDb, config.feedback().table(), clock);
    }

    @Produces
    @Singleton
    FeedbackService feedbackService(RegistrySnapshotCache snapshots, FeedbackStore store, Metrics metrics,
            PredictionTokenHeader tokens) {
        return new FeedbackService(snapshots, store, metrics, tokens.signer());
    }

    @Produces
    @Singleton
    AbComparisons abComparisons(FeedbackStore store) {
        return new AbComparisons(store);
    }

    @Produces
    @Singleton
    AbCompareService abCompareService(ModelRegistry registry, AbComparisons comparisons) {
        return new AbCompareService(registry, comparisons);
    }
}
