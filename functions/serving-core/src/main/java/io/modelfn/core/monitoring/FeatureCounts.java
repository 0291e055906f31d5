package io.modelfn.core.monitoring;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Port: the served input rows per bin of each feature of a model version, summed over every
 * execution environment that emitted them ({@code FeatureBinCount} records) between two instants.
 * In AWS, CloudWatch holds the sums; the local runner keeps them in its process. Thread-safe; a
 * store that cannot answer throws an unchecked exception.
 */
public interface FeatureCounts {

    /**
     * @param features the version's training profile (names and bin edges say which series to read)
     * @return per feature name, the rows per bin (length {@code binEdges().length + 1}); a bin nobody
     *     counted into is 0
     */
    Map<String, long[]> binCounts(ModelKey version, List<ModelCard.FeatureStats> features, Instant from, Instant to);
}
