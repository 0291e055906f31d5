package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestArtifacts;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;

class CodeDeployCanaryTest {

    private static Template synth(String config) {
        Stack stack = TestStacks.newStack();
        ModelFunction function = new ModelFunction(stack, "Prediction", new ModelFunction.Props("modelfn-test-predict",
                "test", TestArtifacts.artifacts().apiFunctionZip(), 1024, 30, Map.of(), List.of(), 30, false));
        new CodeDeployCanary(stack, "PredictCodeDeploy", new CodeDeployCanary.Props(function,
                "modelfn-test-function-predict-", config, 1, 4000, Optional.empty(), Optional.of(0.05)));
        return Template.fromStack(stack);
    }

    @Test
    void deploymentGroup_should_shiftTheLiveAliasInACanaryWithAlarmsAndRollback_when_synthesised() {
        // GIVEN / WHEN a canary on the prediction function
        Template template = synth("CANARY_10PERCENT_5MINUTES");

        // THEN CodeDeploy shifts 10 % for 5 minutes, watches the three alarms, and rolls back on failure, stop and alarm
        template.hasResourceProperties("AWS::CodeDeploy::DeploymentGroup", Match.objectLike(Map.of(
                "DeploymentConfigName", "CodeDeployDefault.LambdaCanary10Percent5Minutes",
                "AlarmConfiguration", Map.of("Enabled", true, "Alarms", List.of(
                        Map.of("Name", Map.of("Ref", Match.stringLikeRegexp(".*PredictionErrors.*"))),
                        Map.of("Name", Map.of("Ref", Match.stringLikeRegexp(".*PredictionDuration.*"))),
                        Map.of("Name", Map.of("Ref", Match.stringLikeRegexp(".*PredictionServerErrorRate.*"))))),
                "AutoRollbackConfiguration", Map.of("Enabled", true, "Events", Match.arrayWith(List.of(
                        "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"))))));
        // and the live alias is updated through CodeDeploy
        template.hasResource("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Name", "live")),
                "UpdatePolicy", Map.of("CodeDeployLambdaAliasUpdate", Match.objectLike(Map.of())))));
    }

    @Test
    void alarms_should_watchTheAliasErrorsAndP99Duration_when_synthesised() {
        Template template = synth("CANARY_10PERCENT_5MINUTES");

        Map<String, Object> aliasDimensions = Map.of("Dimensions", Match.arrayWith(List.of(
                Map.of("Name", "FunctionName", "Value", Map.of("Ref", Match.stringLikeRegexp("PredictionFunction.*"))),
                Map.of("Name", "Resource", "Value", Match.objectLike(Map.of())))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "modelfn-test-function-predict-live-errors",
                "Namespace", "AWS/Lambda", "MetricName", "Errors", "Statistic", "Sum", "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold", "TreatMissingData", "notBreaching")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "modelfn-test-function-predict-live-p99-duration",
                "Namespace", "AWS/Lambda", "MetricName", "Duration", "ExtendedStatistic", "p99", "Threshold", 4000)));
        for (String name : List.of("modelfn-test-function-predict-live-errors", "modelfn-test-function-predict-live-p99-duration")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmName", name,
                    "Dimensions", aliasDimensions.get("Dimensions"))));
        }
    }

    @Test
    void serverErrorAlarm_should_divideTheDeployedVersionsOwnServerErrorsByItsRequests_when_synthesised() {
        // GIVEN / WHEN the canary of a function that emits request metrics
        JsonNode json = TemplateJson.of(synth("CANARY_10PERCENT_5MINUTES"));
        JsonNode alarm = TemplateJson.resources(json, "AWS::CloudWatch::Alarm").values().stream()
                .map(a -> a.path("Properties"))
                .filter(a -> a.path("AlarmName").asText().equals("modelfn-test-function-predict-live-server-error-rate"))
                .findFirst().orElseThrow();

        // THEN the 5xx rate of the version being deployed (ModelFn ServerErrors / Requests on [Function, FunctionVersion]),
        // over 5 % in one minute, which Lambda's Errors never counts (a 500 answer is a successful invocation)
        assertThat(alarm.path("Threshold").asDouble()).isEqualTo(0.05);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.path("EvaluationPeriods").asInt()).isEqualTo(1);
        String metrics = alarm.path("Metrics").toString();
        assertThat(metrics).contains("IF(requests > 0, errors / requests, 0)", "\"ServerErrors\"", "\"Requests\"",
                "\"Namespace\":\"ModelFn\"", "\"Name\":\"Function\",\"Value\":{\"Ref\":\"PredictionFunction",
                "\"Name\":\"FunctionVersion\"");
        // the version is the one CloudFormation publishes for this deployment
        assertThat(metrics).contains("PredictionFunctionCurrentVersion");
        // and the alias waits for the alarm to hold the new version before CodeDeploy shifts it
        String aliasId = TemplateJson.resources(json, "AWS::Lambda::Alias").keySet().iterator().next();
        assertThat(json.path("Resources").path(aliasId).path("DependsOn").toString()).contains("ServerErrorRate");
    }

    @Test
    void serviceRole_should_beInlineAndScopedToThisFunction_when_synthesised() {
        JsonNode json = TemplateJson.of(synth("CANARY_10PERCENT_5MINUTES"));

        String roleId = TemplateJson.resources(json, "AWS::IAM::Role").keySet().stream()
                .filter(id -> id.contains("ServiceRole")).findFirst().orElseThrow();
        JsonNode role = json.path("Resources").path(roleId).path("Properties");
        assertThat(role.has("ManagedPolicyArns")).as("no AWSCodeDeployRoleForLambdaLimited").isFalse();
        var statements = TemplateJson.statementsOfRole(json, roleId);
        assertThat(statements).hasSize(2).noneMatch(TemplateJson.Statement::hasWildcardResource);
        assertThat(statements.get(0).actions()).contains("lambda:UpdateAlias");
        assertThat(statements.get(1).actions()).containsExactly("cloudwatch:DescribeAlarms");
        assertThat(statements.get(1).resources()).hasSize(3);
    }

    @Test
    void deploymentConfig_should_acceptEachSpelling_when_named() {
        assertThat(CodeDeployCanary.deploymentConfig("CANARY_10PERCENT_5MINUTES"))
                .isSameAs(LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES);
        assertThat(CodeDeployCanary.deploymentConfig("CANARY_10_PERCENT_10_MINUTES"))
                .isSameAs(LambdaDeploymentConfig.CANARY_10_PERCENT_10_MINUTES);
        assertThat(CodeDeployCanary.deploymentConfig("CodeDeployDefault.LambdaLinear10PercentEvery1Minute"))
                .isSameAs(LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_1_MINUTE);
        assertThatThrownBy(() -> CodeDeployCanary.deploymentConfig("CANARY_50PERCENT"))
                .hasMessageContaining("is not one of");
    }
}
