package io.modelfn.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An alarm definition as the properties of an {@code AWS::CloudWatch::Alarm} resource (without its
 * actions, which each renderer fills in from its own wiring): what the CDK template and the runtime's
 * {@code PutMetricAlarm} request are both compared with, so the two renderers cannot drift apart.
 */
public final class AlarmTemplateProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The properties compared; a template may carry more (actions, tags). */
    public static final List<String> COMPARED = List.of("AlarmName", "AlarmDescription", "Threshold", "ComparisonOperator",
            "EvaluationPeriods", "DatapointsToAlarm", "TreatMissingData", "Namespace", "MetricName", "Dimensions", "Period",
            "Statistic", "ExtendedStatistic", "Metrics");

    private AlarmTemplateProperties() {
    }

    /** The definition's resource properties, normalised. */
    public static JsonNode of(AlarmDefinition alarm) {
        ObjectNode p = JSON.createObjectNode();
        p.put("AlarmName", alarm.name());
        p.put("AlarmDescription", alarm.description());
        p.put("Threshold", alarm.threshold());
        p.put("ComparisonOperator", alarm.comparison().cloudWatchName());
        p.put("EvaluationPeriods", alarm.evaluationPeriods());
        p.put("DatapointsToAlarm", alarm.datapointsToAlarm());
        p.put("TreatMissingData", alarm.missingData().cloudWatchName());
        if (alarm.isMath()) {
            ArrayNode metrics = p.putArray("Metrics");
            ObjectNode expression = metrics.addObject();
            expression.put("Expression", alarm.expression());
            expression.put("Id", AlarmDefinition.EXPRESSION_ID);
            if (alarm.expressionLabel() != null) {
                expression.put("Label", alarm.expressionLabel());
            }
            for (AlarmMetric metric : alarm.metrics()) {
                ObjectNode query = metrics.addObject();
                query.put("Id", metric.id());
                ObjectNode stat = query.putObject("MetricStat");
                ObjectNode m = stat.putObject("Metric");
                m.set("Dimensions", dimensions(metric.dimensions()));
                m.put("MetricName", metric.metricName());
                m.put("Namespace", metric.namespace());
                stat.put("Period", metric.periodSeconds());
                stat.put("Stat", metric.statistic());
                query.put("ReturnData", false);
            }
        } else {
            AlarmMetric metric = alarm.metrics().get(0);
            p.put("Namespace", metric.namespace());
            p.put("MetricName", metric.metricName());
            p.set("Dimensions", dimensions(metric.dimensions()));
            p.put("Period", metric.periodSeconds());
            p.put(metric.isPercentile() ? "ExtendedStatistic" : "Statistic", metric.statistic());
        }
        return normalise(p);
    }

    /**
     * The compared properties of a resource (or of a request read into the same shape), with numbers
     * as doubles, dimensions sorted by name and metric queries by id: equal when the alarms are.
     */
    public static JsonNode normalise(JsonNode properties) {
        ObjectNode out = JSON.createObjectNode();
        for (String key : COMPARED) {
            JsonNode value = properties.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            switch (key) {
                case "Threshold" -> out.put(key, value.asDouble());
                case "EvaluationPeriods", "DatapointsToAlarm", "Period" -> out.put(key, value.asInt());
                case "Dimensions" -> out.set(key, sortedBy(value, "Name"));
                case "Metrics" -> out.set(key, normaliseQueries(value));
                default -> out.set(key, value);
            }
        }
        return out;
    }

    private static JsonNode normaliseQueries(JsonNode queries) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode query : queries) {
            ObjectNode q = query.deepCopy();
            JsonNode metric = q.path("MetricStat").path("Metric");
            if (metric instanceof ObjectNode m && m.has("Dimensions")) {
                m.set("Dimensions", sortedBy(m.get("Dimensions"), "Name"));
            }
            if (q.path("MetricStat") instanceof ObjectNode stat && stat.has("Period")) {
                stat.put("Period", stat.get("Period").asInt());
            }
            if (!q.has("ReturnData") && q.has("Expression")) {
                q.put("ReturnData", true);
            }
            out.add(q);
        }
        return sortedBy(out, "Id");
    }

    private static ArrayNode sortedBy(JsonNode array, String field) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort(Comparator.comparing(n -> n.path(field).asText()));
        ArrayNode out = JSON.createArrayNode();
        items.forEach(out::add);
        return out;
    }

    private static ArrayNode dimensions(Map<String, String> dimensions) {
        ArrayNode out = JSON.createArrayNode();
        dimensions.forEach((name, value) -> out.addObject().put("Name", name).put("Value", value));
        return out;
    }
}
