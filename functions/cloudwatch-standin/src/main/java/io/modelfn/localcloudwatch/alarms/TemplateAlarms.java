package io.modelfn.localcloudwatch.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.localcloudwatch.metrics.MetricKey;
import io.modelfn.localcloudwatch.metrics.Statistic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code AWS::CloudWatch::Alarm} resources of a synthesized CloudFormation template as alarm
 * definitions: {@code Metrics} (with {@code MetricStat} or {@code Expression}) or the classic
 * {@code MetricName}/{@code Namespace}/{@code Dimensions}/{@code Statistic}/{@code ExtendedStatistic}/{@code Period},
 * and {@code Threshold}, {@code ComparisonOperator}, {@code EvaluationPeriods}, {@code DatapointsToAlarm},
 * {@code TreatMissingData}, {@code AlarmActions}, {@code ActionsEnabled}.
 *
 * <p>Intrinsics are resolved as a deployment would name things: {@code Ref} and {@code Fn::GetAtt} by the
 * given physical names (logical id, or {@code id.Attribute}), else the logical id itself;
 * {@code Fn::Join} joins what it resolves.
 */
public final class TemplateAlarms {

    private TemplateAlarms() {
    }

    public static List<AlarmDefinition> read(JsonNode template, Map<String, String> physicalNames) {
        List<AlarmDefinition> alarms = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            if ("AWS::CloudWatch::Alarm".equals(resource.getValue().path("Type").asText())) {
                alarms.add(alarm(resource.getKey(), resource.getValue().path("Properties"), physicalNames));
            }
        });
        return alarms;
    }

    static AlarmDefinition alarm(String logicalId, JsonNode p, Map<String, String> names) {
        String name = p.has("AlarmName") ? resolve(p.get("AlarmName"), names) : logicalId;
        List<MetricQuery> metrics = new ArrayList<>();
        if (p.has("Metrics")) {
            for (JsonNode q : p.path("Metrics")) {
                boolean returnData = !q.has("ReturnData") || q.path("ReturnData").asBoolean();
                String id = q.path("Id").asText();
                if (q.has("Expression")) {
                    Integer period = q.has("Period") ? q.path("Period").asInt() : null;
                    metrics.add(MetricQuery.ofExpression(id, q.path("Expression").asText(), period, returnData));
                } else {
                    JsonNode stat = q.path("MetricStat");
                    JsonNode metric = stat.path("Metric");
                    MetricKey key = new MetricKey(metric.path("Namespace").asText(), metric.path("MetricName").asText(),
                            dimensions(metric.path("Dimensions"), names));
                    metrics.add(MetricQuery.ofStat(id, new MetricStat(key, stat.path("Period").asInt(),
                            Statistic.of(stat.path("Stat").asText())), returnData));
                }
            }
        } else {
            MetricKey key = new MetricKey(p.path("Namespace").asText(), p.path("MetricName").asText(),
                    dimensions(p.path("Dimensions"), names));
            String statistic = p.has("ExtendedStatistic") ? p.path("ExtendedStatistic").asText() : p.path("Statistic").asText();
            metrics.add(MetricQuery.ofStat("m1", new MetricStat(key, p.path("Period").asInt(), Statistic.of(statistic)), true));
        }
        int periods = p.path("EvaluationPeriods").asInt();
        List<String> actions = new ArrayList<>();
        p.path("AlarmActions").forEach(a -> actions.add(resolve(a, names)));
        return new AlarmDefinition(name, p.path("AlarmDescription").asText(null), metrics, p.path("Threshold").asDouble(),
                Comparison.of(p.path("ComparisonOperator").asText()), periods,
                p.has("DatapointsToAlarm") ? p.path("DatapointsToAlarm").asInt() : periods,
                MissingData.of(p.path("TreatMissingData").asText(null)), actions,
                !p.has("ActionsEnabled") || p.path("ActionsEnabled").asBoolean());
    }

    private static Map<String, String> dimensions(JsonNode list, Map<String, String> names) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        list.forEach(d -> dimensions.put(d.path("Name").asText(), resolve(d.path("Value"), names)));
        return dimensions;
    }

    /** A template value with its intrinsics resolved (see the class comment). */
    static String resolve(JsonNode value, Map<String, String> names) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            String id = value.path("Ref").asText();
            return names.getOrDefault(id, id);
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode att = value.path("Fn::GetAtt");
            String key = att.isArray() ? att.path(0).asText() + "." + att.path(1).asText() : att.asText();
            return names.getOrDefault(key, key);
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.path("Fn::Join");
            List<String> parts = new ArrayList<>();
            join.path(1).forEach(part -> parts.add(resolve(part, names)));
            return String.join(join.path(0).asText(), parts);
        }
        return value.toString();
    }
}
