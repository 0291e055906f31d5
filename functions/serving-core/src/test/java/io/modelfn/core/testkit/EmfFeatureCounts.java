package io.modelfn.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.monitoring.FeatureCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link FeatureCounts} port as CloudWatch answers it, from EMF lines: every
 * {@code FeatureBinCount} record whose timestamp lies in the window, summed per model, version,
 * feature and bin, whichever emitter wrote it. Emitters hand their lines to {@link #add(String)}.
 * Only what the records themselves say is used (their declared dimension set and metric).
 */
public final class EmfFeatureCounts implements FeatureCounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Keeps one EMF line (any record: those of other metrics are ignored when reading). */
    public void add(String line) {
        lines.add(line);
    }

    @Override
    public Map<String, long[]> binCounts(ModelKey version, List<ModelCard.FeatureStats> features, Instant from, Instant to) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        features.forEach(f -> sums.put(f.name(), new long[f.binEdges().length + 1]));
        for (String line : lines) {
            JsonNode record = parse(line);
            JsonNode directive = record.path("_aws").path("CloudWatchMetrics").path(0);
            if (!declares(directive, MetricsContract.FEATURE_BIN_COUNT)
                    || !directive.path("Dimensions").path(0).toString().equals(JSON.valueToTree(
                            MetricsContract.BY_MODEL_VERSION_FEATURE_BIN).toString())) {
                continue;
            }
            Instant at = Instant.ofEpochMilli(record.path("_aws").path("Timestamp").asLong());
            if (at.isBefore(from) || !at.isBefore(to)
                    || !record.path(MetricsContract.MODEL).asText().equals(version.name())
                    || !record.path(MetricsContract.VERSION).asText().equals(version.version())) {
                continue;
            }
            long[] bins = sums.get(record.path(MetricsContract.FEATURE).asText());
            int bin = Integer.parseInt(record.path(MetricsContract.BIN).asText());
            if (bins != null && bin >= 0 && bin < bins.length) {
                bins[bin] += record.path(MetricsContract.FEATURE_BIN_COUNT).asLong();
            }
        }
        return sums;
    }

    private static boolean declares(JsonNode directive, String metric) {
        for (JsonNode m : directive.path("Metrics")) {
            if (m.path("Name").asText().equals(metric)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
