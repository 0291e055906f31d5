package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.metrics.EmfMetrics;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.metrics.RequestMetrics;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.localcloudwatch.alarms.AlarmDefinition;
import io.modelfn.localcloudwatch.alarms.AlarmState;
import io.modelfn.localcloudwatch.alarms.CloudWatchStandIn;
import io.modelfn.localcloudwatch.alarms.TemplateAlarms;
import io.modelfn.localcloudwatch.metrics.MetricKey;
import io.modelfn.localcloudwatch.metrics.MetricStore;
import io.modelfn.localcloudwatch.metrics.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alarms the dev stage synthesizes, evaluated by the local CloudWatch (modelfn-cloudwatch-standin) on
 * the metric records the functions print (EmfMetrics) for a failing release, on a virtual clock: they
 * must fire with the thresholds, periods, statistics and dimensions they are synthesized with, and their
 * action must be the rollout function.
 */
class SynthesizedAlarmsTest {

    private static final String DEPLOYED = "7";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final List<String> actions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private JsonNode serving;
    private CloudWatchStandIn standIn;
    private EmfMetrics emf;

    @BeforeEach
    void setUp() {
        SynthesizedStage dev = SynthesizedStage.dev();
        serving = dev.json(dev.stage().serving());
        // A Ref to an alarm is its name; the functions' names stand for themselves.
        TemplateJson.resources(serving, "AWS::CloudWatch::Alarm").forEach((id, alarm) ->
                names.put(id, alarm.path("Properties").path("AlarmName").asText(id)));
        standIn = new CloudWatchStandIn(new MetricStore(3_600_000), clock, 1, "eu-west-1", "123456789012",
                (action, event) -> actions.add(((Map<?, ?>) event.get("alarmData")).get("alarmName") + " -> " + action));
        // The version a deployment shifts to: GetAtt Version of the function's published version.
        TemplateJson.resources(serving, "AWS::Lambda::Version").keySet().forEach(id -> names.put(id + ".Version", DEPLOYED));
        TemplateAlarms.read(serving, names).forEach(standIn::putAlarm);
        emf = new EmfMetrics(line -> standIn.ingest(onLambda(line)), clock);
    }

    /**
     * A record as the prediction function prints it on Lambda: off Lambda EmfMetrics writes {@code none} for
     * the function and its version (it reads AWS_LAMBDA_FUNCTION_NAME and AWS_LAMBDA_FUNCTION_VERSION).
     */
    private String onLambda(String line) {
        String function = predictFunctionDimensions().get(0);
        return line.replace("\"" + MetricsContract.FUNCTION + "\":\"" + MetricsContract.NONE + "\"",
                        "\"" + MetricsContract.FUNCTION + "\":\"" + function + "\"")
                .replace("\"" + MetricsContract.FUNCTION_VERSION + "\":\"" + MetricsContract.NONE + "\"",
                        "\"" + MetricsContract.FUNCTION_VERSION + "\":\"" + DEPLOYED + "\"");
    }

    /** One minute of requests of {@code variant} of iris, each answered {@code status}; Lambda's own metrics beside. */
    private void minute(String variant, int requests, int status) {
        for (int i = 0; i < requests; i++) {
            emf.record(new RequestMetrics("iris", variant, "iris", "1.1.0", status, 8, 2, 1, -1, false, "r" + i));
            // To Lambda an answer with status 500 is a successful invocation: Errors 0, a short Duration.
            for (String function : predictFunctionDimensions()) {
                standIn.metrics().add(new MetricKey("AWS/Lambda", "Errors", dimensions(function)), new Sample(clock.millis(), 0, 1));
                standIn.metrics().add(new MetricKey("AWS/Lambda", "Duration", dimensions(function)), new Sample(clock.millis(), 9, 1));
            }
            clock.advance(Duration.ofMillis(60_000 / requests));
        }
        standIn.evaluate();
    }

    private List<String> predictFunctionDimensions() {
        List<String> functions = new ArrayList<>();
        TemplateJson.resources(serving, "AWS::Lambda::Function").keySet().stream()
                .filter(id -> id.startsWith("PredictionFunction")).forEach(functions::add);
        return functions;
    }

    private static Map<String, String> dimensions(String function) {
        return Map.of("FunctionName", function, "Resource", function + ":live");
    }

    private List<String> deploymentGroupAlarms(String logicalIdPrefix) {
        List<String> alarms = new ArrayList<>();
        TemplateJson.resources(serving, "AWS::CodeDeploy::DeploymentGroup").forEach((id, group) -> {
            if (id.startsWith(logicalIdPrefix)) {
                group.path("Properties").path("AlarmConfiguration").path("Alarms")
                        .forEach(a -> alarms.add(names.getOrDefault(a.path("Name").path("Ref").asText(), a.path("Name").asText())));
            }
        });
        return alarms;
    }

    @Test
    void canary_error_rate_alarm_should_fire_and_call_the_rollout_function_when_the_canary_answers_500s() {
        // GIVEN a canary that answers 500 to a quarter of its requests, a healthy stable beside it
        for (int minute = 0; minute < 3; minute++) {
            minute("stable", 20, 200);
            clock.advance(Duration.ofMinutes(-1));
            minute("canary", 20, minute == 0 ? 200 : 500);
        }
        // THEN the synthesized canary error-rate alarm of iris is in ALARM and its action is the rollout function
        AlarmDefinition errorRate = standIn.alarms().stream().map(CloudWatchStandIn.AlarmStatus::definition)
                .filter(a -> a.name().endsWith("-iris-canary-error-rate")).findFirst().orElseThrow();
        assertThat(standIn.alarm(errorRate.name()).orElseThrow().state()).isEqualTo(AlarmState.ALARM);
        assertThat(errorRate.alarmActions()).anySatisfy(action -> assertThat(action).startsWith("RolloutLive"));
        assertThat(actions).containsAll(errorRate.alarmActions().stream().map(a -> errorRate.name() + " -> " + a).toList());
    }

    @Test
    void a_code_release_that_answers_500s_should_breach_its_codedeploy_alarms() {
        // GIVEN the alarms CodeDeploy watches while it shifts the prediction function's alias
        List<String> watched = deploymentGroupAlarms("PredictCodeDeploy");
        assertThat(watched).isNotEmpty();
        // WHEN the deployed version answers every request with 500 for three minutes
        for (int minute = 0; minute < 3; minute++) {
            minute("stable", 20, 500);
        }
        // THEN at least one of them is in ALARM, so CodeDeploy stops and rolls the deployment back
        assertThat(watched).as("CodeDeploy alarms of the prediction function in ALARM")
                .anyMatch(name -> standIn.alarm(name).orElseThrow().state() == AlarmState.ALARM);
    }
}
