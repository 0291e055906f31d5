package io.modelfn.infra.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.rollout.EndpointAlarms;
import io.modelfn.core.testkit.AlarmTemplateProperties;
import io.modelfn.infra.config.ModelfnSettings;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.actions.LambdaAction;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sns.Topic;

class RolloutAlarmsTest {

    private static final ModelfnSettings.Endpoint IRIS =
            new ModelfnSettings.Endpoint("iris", null, 0.05, 500, 0.8, 20, 3);

    private static Map<String, JsonNode> alarmsByName() {
        Stack stack = TestStacks.newStack();
        Function rollout = Function.Builder.create(stack, "Rollout").runtime(Runtime.JAVA_25).handler("h")
                .code(Code.fromAsset(io.modelfn.infra.support.TestArtifacts.artifacts().apiFunctionZip().toString())).build();
        Topic topic = Topic.Builder.create(stack, "People").build();
        new RolloutAlarms(stack, "IrisAlarms", new RolloutAlarms.Props(IRIS, "modelfn-test-endpoint-", new LambdaAction(rollout),
                Optional.of(new SnsAction(topic))));
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        return TemplateJson.resources(template, "AWS::CloudWatch::Alarm").values().stream()
                .map(a -> a.path("Properties"))
                .collect(Collectors.toMap(a -> a.path("AlarmName").asText(), a -> a));
    }

    @Test
    void alarms_should_beNamedByPrefixEndpointAndVariant_when_synthesised() {
        // GIVEN / WHEN the alarms of endpoint iris
        Map<String, JsonNode> alarms = alarmsByName();

        // THEN three on the canary and two on stable, named <prefix><endpoint>-<variant>-..., as the rollout function looks them up
        assertThat(alarms.keySet()).containsExactlyInAnyOrder(
                "modelfn-test-endpoint-iris-canary-error-rate",
                "modelfn-test-endpoint-iris-canary-p99-latency",
                "modelfn-test-endpoint-iris-canary-accuracy",
                "modelfn-test-endpoint-iris-stable-error-rate",
                "modelfn-test-endpoint-iris-stable-p99-latency");
    }

    @Test
    void alarms_should_callTheRolloutFunctionAndNotifyAndIgnoreMissingData_when_synthesised() {
        Map<String, JsonNode> alarms = alarmsByName();

        // the canary's alarms roll a release back, the stable variant's a promotion under watch: all call the
        // rollout function and tell people
        assertThat(alarms).isNotEmpty();
        alarms.forEach((name, alarm) -> {
            assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
            String actions = alarm.path("AlarmActions").toString();
            assertThat(alarm.path("AlarmActions")).as(name).hasSize(2);
            assertThat(actions).as(name).contains("People").contains("Rollout");
        });
    }

    @Test
    void template_should_carry_the_properties_of_each_alarms_one_definition_when_synthesised() {
        // GIVEN the definitions in serving-core (the rollout function renders the same ones into PutMetricAlarm)
        List<AlarmDefinition> definitions = new ArrayList<>(
                EndpointAlarms.canary("modelfn-test-endpoint-", "iris", IRIS.alarmThresholds()));
        definitions.addAll(EndpointAlarms.stable("modelfn-test-endpoint-", "iris", IRIS.alarmThresholds()));

        // WHEN synthesised
        Map<String, JsonNode> alarms = alarmsByName();

        // THEN each alarm's properties are its definition's (CloudWatchAlarmRequestsTest compares the request with the same)
        assertThat(definitions).allSatisfy(definition ->
                assertThat(AlarmTemplateProperties.normalise(alarms.get(definition.name())))
                        .as(definition.name()).isEqualTo(AlarmTemplateProperties.of(definition)));
    }

    @Test
    void errorRateAlarm_should_divideServerErrorsByRequestsOfTheCanary_when_synthesised() {
        JsonNode alarm = alarmsByName().get("modelfn-test-endpoint-iris-canary-error-rate");

        assertThat(alarm.path("Threshold").asDouble()).isEqualTo(0.05);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.path("EvaluationPeriods").asInt()).isEqualTo(3);
        assertThat(alarm.path("DatapointsToAlarm").asInt()).isEqualTo(3);
        Map<String, JsonNode> metrics = metricsById(alarm);
        assertThat(metrics.get("expr_1").path("Expression").asText()).isEqualTo("IF(requests > 0, errors / requests, 0)");
        assertCanaryMetric(metrics.get("errors"), MetricsContract.SERVER_ERRORS, "Sum");
        assertCanaryMetric(metrics.get("requests"), MetricsContract.REQUESTS, "Sum");
    }

    @Test
    void latencyAlarm_should_watchP99LatencyOfTheCanary_when_synthesised() {
        JsonNode alarm = alarmsByName().get("modelfn-test-endpoint-iris-canary-p99-latency");

        assertThat(alarm.path("Namespace").asText()).isEqualTo(MetricsContract.NAMESPACE);
        assertThat(alarm.path("MetricName").asText()).isEqualTo(MetricsContract.LATENCY);
        assertThat(alarm.path("ExtendedStatistic").asText()).isEqualTo("p99");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(500);
        assertThat(dimensions(alarm.path("Dimensions"))).containsExactly(
                Map.entry(MetricsContract.ENDPOINT, "iris"), Map.entry(MetricsContract.VARIANT, Variant.CANARY));
    }

    @Test
    void accuracyAlarm_should_compareCorrectFeedbackWithAllFeedback_when_enoughArrived() {
        JsonNode alarm = alarmsByName().get("modelfn-test-endpoint-iris-canary-accuracy");

        assertThat(alarm.path("Threshold").asDouble()).isEqualTo(0.8);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        Map<String, JsonNode> metrics = metricsById(alarm);
        assertThat(metrics.get("expr_1").path("Expression").asText())
                .isEqualTo("IF((FILL(correct, 0) + FILL(incorrect, 0)) >= 20, FILL(correct, 0) / (FILL(correct, 0) + FILL(incorrect, 0)), 1)");
        assertCanaryMetric(metrics.get("correct"), MetricsContract.FEEDBACK_CORRECT, "Sum");
        assertCanaryMetric(metrics.get("incorrect"), MetricsContract.FEEDBACK_INCORRECT, "Sum");
    }

    private static Map<String, JsonNode> metricsById(JsonNode alarm) {
        return TemplateJson.list(alarm.path("Metrics")).stream()
                .collect(Collectors.toMap(m -> m.path("Id").asText(), m -> m));
    }

    private static void assertCanaryMetric(JsonNode query, String metricName, String stat) {
        JsonNode metric = query.path("MetricStat").path("Metric");
        assertThat(metric.path("Namespace").asText()).isEqualTo(MetricsContract.NAMESPACE);
        assertThat(metric.path("MetricName").asText()).isEqualTo(metricName);
        assertThat(query.path("MetricStat").path("Stat").asText()).isEqualTo(stat);
        assertThat(dimensions(metric.path("Dimensions"))).containsExactly(
                Map.entry(MetricsContract.ENDPOINT, "iris"), Map.entry(MetricsContract.VARIANT, Variant.CANARY));
    }

    private static List<Map.Entry<String, String>> dimensions(JsonNode dimensions) {
        return TemplateJson.list(dimensions).stream()
                .map(d -> Map.entry(d.path("Name").asText(), d.path("Value").asText())).toList();
    }
}
