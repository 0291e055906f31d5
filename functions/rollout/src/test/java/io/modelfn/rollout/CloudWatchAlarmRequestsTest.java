package io.modelfn.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.FunctionAlarms;
import io.modelfn.core.rollout.AlarmThresholds;
import io.modelfn.core.rollout.EndpointAlarms;
import io.modelfn.core.testkit.AlarmTemplateProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

class CloudWatchAlarmRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLLOUT = "arn:aws:lambda:eu-west-1:123456789012:function:modelfn-dev-rollout:live";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:modelfn-dev-alarms";
    private static final CloudWatchAlarmRequests REQUESTS = new CloudWatchAlarmRequests(Optional.of(ROLLOUT), Optional.of(TOPIC));

    private static List<AlarmDefinition> everyEndpointAlarm() {
        AlarmThresholds limits = new AlarmThresholds(0.05, 500, 0.8, 20, 3);
        List<AlarmDefinition> all = new ArrayList<>(EndpointAlarms.canary("modelfn-dev-endpoint-", "iris", limits));
        all.addAll(EndpointAlarms.stable("modelfn-dev-endpoint-", "iris", limits));
        return all;
    }

    @Test
    void render_should_give_the_properties_the_template_gives_for_the_same_definition() {
        for (AlarmDefinition alarm : everyEndpointAlarm()) {
            // WHEN the runtime renders the definition
            PutMetricAlarmRequest request = REQUESTS.render(alarm);

            // THEN its properties are the template's (AlarmTemplateProperties is what the CDK test compares with too)
            assertThat(AlarmTemplateProperties.normalise(asTemplateProperties(request)))
                    .as(alarm.name()).isEqualTo(AlarmTemplateProperties.of(alarm));
        }
    }

    @Test
    void render_should_call_the_rollout_function_only_from_alarms_that_roll_back_and_notify_from_all() {
        List<AlarmDefinition> alarms = everyEndpointAlarm();

        assertThat(REQUESTS.render(alarms.get(0)).alarmActions()).containsExactly(ROLLOUT, TOPIC);
        assertThat(REQUESTS.render(alarms.get(3)).alarmActions()).as("stable: watches a promotion too")
                .containsExactly(ROLLOUT, TOPIC);
        assertThat(REQUESTS.render(FunctionAlarms.serverErrorRate("p-live-server-error-rate", "fn", "7", 0.05)).alarmActions())
                .as("a function's own alarm: notify only").containsExactly(TOPIC);
        assertThat(new CloudWatchAlarmRequests(Optional.empty(), Optional.empty()).render(alarms.get(0)).alarmActions()).isEmpty();
    }

    @Test
    void render_should_ask_for_a_percentile_as_an_extended_statistic() {
        PutMetricAlarmRequest latency = REQUESTS.render(everyEndpointAlarm().get(1));

        assertThat(latency.extendedStatistic()).isEqualTo("p99");
        assertThat(latency.statistic()).isNull();
    }

    /** The request read into the shape of an AWS::CloudWatch::Alarm resource's properties. */
    private static JsonNode asTemplateProperties(PutMetricAlarmRequest r) {
        ObjectNode p = JSON.createObjectNode();
        p.put("AlarmName", r.alarmName());
        p.put("AlarmDescription", r.alarmDescription());
        p.put("Threshold", r.threshold());
        p.put("ComparisonOperator", r.comparisonOperatorAsString());
        p.put("EvaluationPeriods", r.evaluationPeriods());
        p.put("DatapointsToAlarm", r.datapointsToAlarm());
        p.put("TreatMissingData", r.treatMissingData());
        if (r.hasMetrics()) {
            ArrayNode metrics = p.putArray("Metrics");
            for (MetricDataQuery q : r.metrics()) {
                ObjectNode query = metrics.addObject();
                query.put("Id", q.id());
                if (q.expression() != null) {
                    query.put("Expression", q.expression());
                    query.put("Label", q.label());
                    query.put("ReturnData", q.returnData());
                    continue;
                }
                ObjectNode stat = query.putObject("MetricStat");
                ObjectNode metric = stat.putObject("Metric");
                metric.set("Dimensions", dimensions(q.metricStat().metric().dimensions()));
                metric.put("MetricName", q.metricStat().metric().metricName());
                metric.put("Namespace", q.metricStat().metric().namespace());
                stat.put("Period", q.metricStat().period());
                stat.put("Stat", q.metricStat().stat());
                query.put("ReturnData", q.returnData());
            }
        } else {
            p.put("Namespace", r.namespace());
            p.put("MetricName", r.metricName());
            p.set("Dimensions", dimensions(r.dimensions()));
            p.put("Period", r.period());
            if (r.extendedStatistic() != null) {
                p.put("ExtendedStatistic", r.extendedStatistic());
            } else {
                p.put("Statistic", r.statisticAsString());
            }
        }
        return p;
    }

    private static ArrayNode dimensions(List<Dimension> dimensions) {
        ArrayNode out = JSON.createArrayNode();
        dimensions.forEach(d -> out.addObject().put("Name", d.name()).put("Value", d.value()));
        return out;
    }
}
