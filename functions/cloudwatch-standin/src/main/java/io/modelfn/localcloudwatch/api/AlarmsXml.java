package io.modelfn.localcloudwatch.api;

import io.modelfn.localcloudwatch.alarms.AlarmDefinition;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn.AlarmStatus;
import io.modelfn.localcloudwatch.alarms.MetricQuery;
import io.modelfn.localcloudwatch.metrics.MetricKey;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The XML answers of the awsQuery protocol for the alarm actions the stand-in serves. */
final class AlarmsXml {

    static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private AlarmsXml() {
    }

    static String empty(String action) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">" + metadata() + "</" + action + "Response>";
    }

    static String describeAlarms(List<AlarmStatus> alarms, Function<String, String> arns) {
        StringBuilder xml = new StringBuilder("<DescribeAlarmsResponse xmlns=\"" + NAMESPACE + "\"><DescribeAlarmsResult><MetricAlarms>");
        for (AlarmStatus status : alarms) {
            AlarmDefinition a = status.definition();
            xml.append("<member>");
            element(xml, "AlarmName", a.name());
            element(xml, "AlarmArn", arns.apply(a.name()));
            if (a.description() != null) {
                element(xml, "AlarmDescription", a.description());
            }
            element(xml, "ActionsEnabled", Boolean.toString(a.actionsEnabled()));
            xml.append("<AlarmActions>");
            a.alarmActions().forEach(action -> element(xml, "member", action));
            xml.append("</AlarmActions><OKActions/><InsufficientDataActions/>");
            element(xml, "StateValue", status.state().name());
            element(xml, "StateReason", status.reason());
            element(xml, "StateUpdatedTimestamp", DateTimeFormatter.ISO_INSTANT.format(status.updated()));
            if (a.isSingleMetric()) {
                var stat = a.metrics().get(0).stat();
                element(xml, "MetricName", stat.metric().name());
                element(xml, "Namespace", stat.metric().namespace());
                element(xml, stat.stat().isPercentile() ? "ExtendedStatistic" : "Statistic", stat.stat().name());
                dimensions(xml, stat.metric());
                element(xml, "Period", Integer.toString(stat.periodSeconds()));
            } else {
                xml.append("<Metrics>");
                for (MetricQuery q : a.metrics()) {
                    xml.append("<member>");
                    element(xml, "Id", q.id());
                    if (q.isExpression()) {
                        element(xml, "Expression", q.expression());
                        if (q.periodSeconds() != null) {
                            element(xml, "Period", q.periodSeconds().toString());
                        }
                    } else {
                        xml.append("<MetricStat><Metric>");
                        element(xml, "Namespace", q.stat().metric().namespace());
                        element(xml, "MetricName", q.stat().metric().name());
                        dimensions(xml, q.stat().metric());
                        xml.append("</Metric>");
                        element(xml, "Period", Integer.toString(q.stat().periodSeconds()));
                        element(xml, "Stat", q.stat().stat().name());
                        xml.append("</MetricStat>");
                    }
                    element(xml, "ReturnData", Boolean.toString(q.returnData()));
                    xml.append("</member>");
                }
                xml.append("</Metrics>");
            }
            element(xml, "EvaluationPeriods", Integer.toString(a.evaluationPeriods()));
            element(xml, "DatapointsToAlarm", Integer.toString(a.datapointsToAlarm()));
            element(xml, "Threshold", Double.toString(a.threshold()));
            element(xml, "ComparisonOperator", a.comparison().name());
            element(xml, "TreatMissingData", a.treatMissingData().name());
            xml.append("</member>");
        }
        xml.append("</MetricAlarms><CompositeAlarms/></DescribeAlarmsResult>").append(metadata())
                .append("</DescribeAlarmsResponse>");
        return xml.toString();
    }

    static String error(String code, String message) {
        StringBuilder xml = new StringBuilder("<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type>");
        element(xml, "Code", code);
        element(xml, "Message", message);
        xml.append("</Error>");
        element(xml, "RequestId", UUID.randomUUID().toString());
        return xml.append("</ErrorResponse>").toString();
    }

    private static void dimensions(StringBuilder xml, MetricKey metric) {
        xml.append("<Dimensions>");
        for (Map.Entry<String, String> d : metric.dimensions().entrySet()) {
            xml.append("<member>");
            element(xml, "Name", d.getKey());
            element(xml, "Value", d.getValue());
            xml.append("</member>");
        }
        xml.append("</Dimensions>");
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static void element(StringBuilder xml, String name, String text) {
        xml.append('<').append(name).append('>');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                default -> xml.append(c);
            }
        }
        xml.append("</").append(name).append('>');
    }
}
