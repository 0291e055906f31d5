package io.modelfn.infra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

class FeatureDriftAlarmTest {

    @Test
    void alarm_should_queryTheLargestPsiOfEveryFeature_when_synthesised() {
        // GIVEN a drift alarm at 0.2
        Stack stack = TestStacks.newStack();
        new FeatureDriftAlarm(stack, "Drift", new FeatureDriftAlarm.Props("modelfn-test-drift", 0.2));

        // WHEN synthesised
        JsonNode alarm = TemplateJson.resources(TemplateJson.of(Template.fromStack(stack)), "AWS::CloudWatch::Alarm")
                .values().iterator().next().path("Properties");

        // THEN one Metrics Insights query over the contract's drift metric and dimension set, no action
        assertThat(alarm.path("AlarmName").asText()).isEqualTo("modelfn-test-drift");
        assertThat(alarm.path("Threshold").asDouble()).isEqualTo(0.2);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(alarm.path("Metrics")).hasSize(1);
        JsonNode query = alarm.path("Metrics").get(0);
        assertThat(query.path("Expression").asText()).isEqualTo("SELECT MAX(" + MetricsContract.FEATURE_DRIFT_PSI
                + ") FROM SCHEMA(\"" + MetricsContract.NAMESPACE + "\", Model, Version, Feature)");
        assertThat(query.path("Period").asInt()).isEqualTo(300);
        assertThat(alarm.has("AlarmActions")).isFalse();
    }
}
