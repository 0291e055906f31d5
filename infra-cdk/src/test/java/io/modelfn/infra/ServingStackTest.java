package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.serving.ServingEnvironment;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TestSettings;
import io.modelfn.infra.support.TemplateJson;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The serving stack wires the constructs as the settings say: environments, aliases, canaries, alarms. */
class ServingStackTest {

    private static Map<String, JsonNode> environmentsByFunction(SynthesizedStage stage) {
        return TemplateJson.resources(stage.json(stage.stage().serving()), "AWS::Lambda::Function").values().stream()
                .collect(Collectors.toMap(f -> f.path("Properties").path("FunctionName").asText(),
                        f -> f.path("Properties").path("Environment").path("Variables")));
    }

    @Test
    void functions_should_getTheirConfigurationFromTheSettings_when_devIsSynthesised() {
        // GIVEN / WHEN the dev stage
        Map<String, JsonNode> env = environmentsByFunction(SynthesizedStage.dev());

        // THEN prediction: admin off, S3 store under models/, the routed versions loaded at init, no pins
        JsonNode prediction = env.get("modelfn-dev-predict");
        assertThat(prediction.path("MODELFN_ADMIN_ENABLED").asText()).isEqualTo("false");
        assertThat(prediction.path("MODELFN_STORE_TYPE").asText()).isEqualTo("s3");
        assertThat(prediction.path("MODELFN_STORE_PREFIX").asText()).isEqualTo("models/");
        assertThat(prediction.path("MODELFN_CACHE_PRELOAD_ROUTED").asText()).isEqualTo("true");
        assertThat(prediction.has("MODELFN_CACHE_PRELOAD")).isFalse();
        assertThat(prediction.path("MODELFN_CACHE_DIR").asText()).isEqualTo("/tmp/modelfn-models");
        assertThat(prediction.path("MODELFN_METRICS_EMF").asText()).isEqualTo("true");
        assertThat(prediction.path("MODELFN_REGISTRY_TABLE").toString()).contains("Fn::ImportValue");
        assertThat(prediction.path("MODELFN_STORE_BUCKET").toString()).contains("Fn::ImportValue");
        // and a forwarded request gives up 5 s before the function's 30 s timeout, answering 504 itself
        assertThat(prediction.path("MODELFN_BACKEND_TIMEOUT").asText()).isEqualTo("25s");
        // and it alone reads the prediction token keys, from the data stack's secret
        assertThat(prediction.path("MODELFN_FEEDBACK_TOKEN_KEYS_SECRET").toString()).contains("Fn::ImportValue");
        // admin: the same application with the admin API on, IAM-authorised
        JsonNode admin = env.get("modelfn-dev-admin");
        assertThat(admin.path("MODELFN_ADMIN_ENABLED").asText()).isEqualTo("true");
        assertThat(admin.path("MODELFN_ADMIN_AUTH").asText()).isEqualTo("iam");
        assertThat(admin.has("MODELFN_FEEDBACK_TOKEN_KEYS_SECRET")).isFalse();
        // rollout: the registry, the alarm prefix, and the two functions whose aliases it may reset
        JsonNode rollout = env.get("modelfn-dev-rollout");
        assertThat(rollout.path("MODELFN_ROLLOUT_ALARM_PREFIX").asText()).isEqualTo("modelfn-dev-endpoint-");
        assertThat(rollout.path("MODELFN_ROLLOUT_FUNCTIONS").asText()).isEqualTo("modelfn-dev-predict,modelfn-dev-admin");
        // and it computes drift as often as the drift alarm's period, in the Duration spelling it reads
        assertThat(rollout.path("MODELFN_DRIFT_EVERY").asText()).isEqualTo("5m");
    }

    @Test
    void backendTimeout_should_beFiveSecondsBelowThePredictionTimeout_when_theFunctionTimeoutAllowsIt() {
        // GIVEN prod's prediction function (29 s)
        JsonNode prediction = environmentsByFunction(SynthesizedStage.prod()).get("modelfn-prod-predict");

        // THEN 24 s, in the Duration spelling the application reads
        assertThat(prediction.path("MODELFN_BACKEND_TIMEOUT").asText()).isEqualTo("24s");
        // and never below one second, however short the function's timeout
        assertThat(ServingEnvironment.backendTimeoutSeconds(30)).isEqualTo(25);
        assertThat(ServingEnvironment.backendTimeoutSeconds(6)).isEqualTo(1);
        assertThat(ServingEnvironment.backendTimeoutSeconds(3)).isEqualTo(1);
        assertThat(ServingEnvironment.backendTimeoutSeconds(1)).isEqualTo(1);
    }

    @Test
    void functions_should_runOutsideAnyVpc_when_noEcsServiceIsOn() {
        for (SynthesizedStage stage : List.of(SynthesizedStage.dev(), SynthesizedStage.prod(), SynthesizedStage.sageMakerOnly())) {
            // GIVEN / WHEN a stage without the ECS service
            JsonNode serving = stage.json(stage.stage().serving());

            // THEN none of its three functions has a VPC configuration, and the stack makes no security group
            assertThat(TemplateJson.resources(serving, "AWS::Lambda::Function").values()).as(stage.name()).hasSize(3)
                    .allSatisfy(f -> assertThat(f.path("Properties").has("VpcConfig")).isFalse());
            assertThat(TemplateJson.resources(serving, "AWS::EC2::SecurityGroup")).as(stage.name()).isEmpty();
            assertThat(stage.stage().serving().prediction().connections()).isEmpty();
        }
    }

    @Test
    void stack_should_deployEachFunctionThroughACodeDeployCanaryAndAlarmPerEndpoint_when_synthesised() {
        SynthesizedStage prod = SynthesizedStage.prod();
        Template template = prod.template(prod.stage().serving());

        template.resourceCountIs("AWS::Lambda::Alias", 3);
        template.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 3);
        template.allResourcesProperties("AWS::CodeDeploy::DeploymentGroup", Match.objectLike(Map.of(
                "DeploymentConfigName", "CodeDeployDefault.LambdaCanary10Percent10Minutes")));
        // 3 functions x 2 code-deployment alarms + the prediction function's 5xx alarm
        // + 2 endpoints x (3 canary + 2 stable) alarms + the feature-drift alarm
        template.resourceCountIs("AWS::CloudWatch::Alarm", 18);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        // prod has a JWT issuer: prediction routes need it
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Match.objectLike(Map.of(
                "AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Issuer", TestSettings.JWT_ISSUER,
                        "Audience", java.util.List.of(TestSettings.JWT_AUDIENCE)))));
    }

    @Test
    void alarmActions_should_invokeTheRolloutAlias_when_aPredictionOrAdminAliasAlarmFires() {
        SynthesizedStage dev = SynthesizedStage.dev();
        JsonNode template = dev.json(dev.stage().serving());

        Map<String, JsonNode> alarms = TemplateJson.resources(template, "AWS::CloudWatch::Alarm").values().stream()
                .collect(Collectors.toMap(a -> a.path("Properties").path("AlarmName").asText(), a -> a.path("Properties")));
        assertThat(alarms.get("modelfn-dev-function-predict-live-errors").path("AlarmActions").toString()).contains("RolloutLive");
        // the prediction function's deployments also watch its own 5xx rate (the only metered requests)
        assertThat(alarms).containsKey("modelfn-dev-function-predict-live-server-error-rate")
                .doesNotContainKeys("modelfn-dev-function-admin-live-server-error-rate",
                        "modelfn-dev-function-rollout-live-server-error-rate");
        assertThat(alarms.get("modelfn-dev-function-admin-live-errors").path("AlarmActions").toString()).contains("RolloutLive");
        // a broken rollout function is left to CodeDeploy, not to itself (people are still told)
        assertThat(alarms.get("modelfn-dev-function-rollout-live-errors").path("AlarmActions").toString())
                .doesNotContain("RolloutLive").contains("AlarmTopic");
        // and CloudWatch may invoke the rollout alias for each alarm that calls it, and for the alarms the
        // rollout function makes at runtime (one permission on the stage's endpoint alarm prefix)
        List<JsonNode> permissions = TemplateJson.resources(template, "AWS::Lambda::Permission").values().stream()
                .filter(p -> p.path("Properties").path("Principal").asText().equals("lambda.alarms.cloudwatch.amazonaws.com"))
                .toList();
        assertThat(permissions).hasSize(4 + 6 + 4 + 1);
        assertThat(permissions).filteredOn(p -> TemplateJson.joined(p.path("Properties").path("SourceArn"))
                .endsWith(":alarm:modelfn-dev-endpoint-*")).hasSize(1);
    }

    @Test
    void every_alarm_should_notify_people_through_an_encrypted_topic_when_synthesised() {
        SynthesizedStage dev = SynthesizedStage.dev();
        JsonNode template = dev.json(dev.stage().serving());

        // GIVEN the stage's one topic, encrypted with a rotating key of its own
        Map<String, JsonNode> topics = TemplateJson.resources(template, "AWS::SNS::Topic");
        assertThat(topics).hasSize(1);
        JsonNode topic = topics.values().iterator().next().path("Properties");
        assertThat(topic.path("KmsMasterKeyId").toString()).contains("AlarmTopicKey");
        assertThat(TemplateJson.resources(template, "AWS::KMS::Key").entrySet()).filteredOn(e -> e.getKey().startsWith("AlarmTopicKey"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getValue().path("Properties").path("EnableKeyRotation").asBoolean()).isTrue();
                    assertThat(e.getValue().path("Properties").path("KeyPolicy").toString()).contains("cloudwatch.amazonaws.com");
                });

        // THEN every alarm of the stage includes it in its actions
        TemplateJson.resources(template, "AWS::CloudWatch::Alarm").forEach((id, alarm) ->
                assertThat(alarm.path("Properties").path("AlarmActions").toString()).as(id).contains("AlarmTopic"));
        // and the stable variant's alarms call the rollout function too (it rolls back a promotion under watch)
        Map<String, JsonNode> alarms = TemplateJson.resources(template, "AWS::CloudWatch::Alarm").values().stream()
                .collect(Collectors.toMap(a -> a.path("Properties").path("AlarmName").asText(), a -> a.path("Properties")));
        assertThat(alarms.get("modelfn-dev-endpoint-iris-stable-error-rate").path("AlarmActions")).hasSize(2);
        assertThat(alarms.get("modelfn-dev-endpoint-iris-stable-p99-latency").path("AlarmActions").toString())
                .contains("RolloutLive").contains("AlarmTopic");
        // and the rollout function is told where the topic is and which endpoints' alarms the stack owns
        JsonNode env = TemplateJson.resources(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith("RolloutFunction")).findFirst().orElseThrow().getValue()
                .path("Properties").path("Environment").path("Variables");
        assertThat(env.path("MODELFN_ROLLOUT_NOTIFY_TOPIC_ARN").toString()).contains("AlarmTopic");
        assertThat(env.path("MODELFN_ROLLOUT_STACK_ENDPOINTS").asText()).isEqualTo("iris,digits");
        assertThat(TemplateJson.joined(env.path("MODELFN_ROLLOUT_ROLLBACK_ACTION_ARN"))).endsWith(":function:modelfn-dev-rollout:live");
        // and the admin function knows them too (limits set on one do not change its alarms; its answer says so)
        JsonNode adminEnv = TemplateJson.resources(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith("AdminFunction")).findFirst().orElseThrow().getValue()
                .path("Properties").path("Environment").path("Variables");
        assertThat(adminEnv.path("MODELFN_ADMIN_STACK_ENDPOINTS").asText()).isEqualTo("iris,digits");
    }
}
