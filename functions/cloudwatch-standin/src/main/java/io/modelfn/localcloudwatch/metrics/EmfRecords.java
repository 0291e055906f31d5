package io.modelfn.localcloudwatch.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CloudWatch embedded-metric-format records as CloudWatch Logs does: a line that is a JSON object
 * with {@code _aws.CloudWatchMetrics} yields, for every directive, every dimension set whose dimensions
 * all have a string value in the record, and every metric named in it, one sample per value. A value is
 * a number, an array of numbers, or an object with {@code Values} and {@code Counts} arrays (each value
 * observed that many times). {@code _aws.Timestamp} is the samples' time. Other lines (logs, partial
 * records) yield nothing.
 */
public final class EmfRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One metric value found in a record. */
    public record Entry(MetricKey key, Sample sample) {
    }

    private EmfRecords() {
    }

    public static List<Entry> parse(String line) {
        String trimmed = line == null ? "" : line.strip();
        if (!trimmed.startsWith("{") || !trimmed.contains("\"_aws\"")) {
            return List.of();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(trimmed);
        } catch (JsonProcessingException notJson) {
            return List.of();
        }
        JsonNode aws = root.path("_aws");
        if (!aws.path("Timestamp").isNumber()) {
            return List.of();
        }
        long timestamp = aws.path("Timestamp").asLong();
        List<Entry> entries = new ArrayList<>();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            String namespace = directive.path("Namespace").asText(null);
            if (namespace == null) {
                continue;
            }
            for (JsonNode set : directive.path("Dimensions")) {
                Map<String, String> dimensions = dimensions(root, set);
                if (dimensions == null) {
                    continue;
                }
                for (JsonNode metric : directive.path("Metrics")) {
                    String name = metric.path("Name").asText(null);
                    if (name != null) {
                        MetricKey key = new MetricKey(namespace, name, dimensions);
                        values(root.path(name), timestamp).forEach(s -> entries.add(new Entry(key, s)));
                    }
                }
            }
        }
        return entries;
    }

    /** Adds every sample of {@code line} to {@code store}; how many. */
    public static int ingest(String line, MetricStore store) {
        List<Entry> entries = parse(line);
        entries.forEach(e -> store.add(e.key(), e.sample()));
        return entries.size();
    }

    private static Map<String, String> dimensions(JsonNode root, JsonNode set) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode dimension : set) {
            JsonNode value = root.path(dimension.asText());
            if (!value.isTextual()) {
                return null; // CloudWatch drops a dimension set whose values are missing
            }
            values.put(dimension.asText(), value.asText());
        }
        return values;
    }

    private static List<Sample> values(JsonNode value, long timestamp) {
        List<Sample> samples = new ArrayList<>();
        if (value.isNumber()) {
            samples.add(new Sample(timestamp, value.asDouble(), 1));
        } else if (value.isArray()) {
            value.forEach(v -> {
                if (v.isNumber()) {
                    samples.add(new Sample(timestamp, v.asDouble(), 1));
                }
            });
        } else if (value.isObject() && value.path("Values").isArray()) {
            JsonNode values = value.path("Values");
            JsonNode counts = value.path("Counts");
            for (int i = 0; i < values.size(); i++) {
                double count = counts.isArray() && i < counts.size() ? counts.get(i).asDouble() : 1;
                samples.add(new Sample(timestamp, values.get(i).asDouble(), count));
            }
        }
        return samples;
    }
}
