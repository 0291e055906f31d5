package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.serving.ModelFunction;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked on the synthesised templates: Resource "*" only for actions IAM offers no
 * resource-level permission for (each listed here with the reason), no action wildcards beyond
 * ECS's agent reporting, no AWS-managed policies, and each function's role exactly as narrow as
 * its job.
 */
class IamLeastPrivilegeTest {

    /** Actions that may appear with Resource "*": IAM has no resource type for them. */
    private static final Map<String, String> NO_RESOURCE_LEVEL_ACTIONS = Map.ofEntries(
            Map.entry("cloudwatch:GetMetricData", "metric data has no ARN; the rollout function counts canary requests"),
            Map.entry("xray:PutTraceSegments", "active tracing of every function"),
            Map.entry("xray:PutTelemetryRecords", "active tracing of every function"),
            // GPU backends only:
            Map.entry("ecr:GetAuthorizationToken", "registry login before pulling the api image"),
            Map.entry("ecs:DiscoverPollEndpoint", "ECS agent on the GPU instances"),
            Map.entry("ecs:Poll", "ECS agent; narrowed to the cluster by an ecs:cluster condition"),
            Map.entry("ecs:StartTelemetrySession", "ECS agent; narrowed to the cluster by an ecs:cluster condition"),
            Map.entry("ec2:DescribeNetworkInterfaces", "SageMaker placing the endpoint, Lambda the prediction function, in our VPC"),
            Map.entry("ec2:DescribeVpcs", "SageMaker placing the endpoint in our VPC"),
            Map.entry("ec2:DescribeDhcpOptions", "SageMaker placing the endpoint in our VPC"),
            Map.entry("ec2:DescribeSubnets", "SageMaker placing the endpoint, Lambda the prediction function, in our VPC"),
            Map.entry("ec2:DescribeSecurityGroups", "SageMaker placing the endpoint in our VPC"),
            // The prediction function in the GPU VPC (ECS on): Lambda manages its interfaces, created at run time.
            Map.entry("ec2:CreateNetworkInterface", "Lambda creating the prediction function's interfaces at run time"),
            Map.entry("ec2:DeleteNetworkInterface", "Lambda deleting the prediction function's interfaces"),
            Map.entry("ec2:AssignPrivateIpAddresses", "Lambda addressing the prediction function's interfaces"),
            Map.entry("ec2:UnassignPrivateIpAddresses", "Lambda addressing the prediction function's interfaces"));
    /** What the Lambda stacks alone need "*" for. */
    private static final Set<String> SERVERLESS_WILDCARD_ACTIONS =
            Set.of("cloudwatch:GetMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private static List<TemplateJson.Statement> statements(SynthesizedStage stage) {
        List<TemplateJson.Statement> all = new ArrayList<>();
        stage.stacks().forEach(s -> all.addAll(TemplateJson.identityStatements(s.getStackName(), stage.json(s))));
        return all;
    }

    @Test
    void wildcardResources_should_onlyBeForActionsWithoutResourceLevelPermissions_when_anyStageIsSynthesised() {
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            // GIVEN every identity-policy statement of the stage
            List<TemplateJson.Statement> statements = statements(stage);
            assertThat(statements).isNotEmpty();

            // THEN a statement on Resource "*" holds allow-listed actions only
            assertThat(statements).filteredOn(TemplateJson.Statement::hasWildcardResource).allSatisfy(s ->
                    assertThat(NO_RESOURCE_LEVEL_ACTIONS.keySet()).as(s.stackName() + "/" + s.owner()).containsAll(s.actions()));
            // and no statement allows every action of a service (ECS's Submit* reporting, on one cluster, aside)
            assertThat(statements).allSatisfy(s -> assertThat(s.actions()).as(s.owner())
                    .noneMatch(a -> a.equals("*") || (a.endsWith(":*")) || (a.endsWith("*") && !a.equals("ecs:Submit*"))));
            // and Allow only
            assertThat(statements).allSatisfy(s -> assertThat(s.json().path("Effect").asText()).isEqualTo("Allow"));
        }
    }

    @Test
    void serverlessStages_should_useWildcardResourcesOnlyForMetricDataAndTracing_when_gpuIsOff() {
        for (SynthesizedStage stage : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            assertThat(statements(stage)).filteredOn(TemplateJson.Statement::hasWildcardResource)
                    .flatExtracting(TemplateJson.Statement::actions)
                    .isNotEmpty()
                    .allMatch(SERVERLESS_WILDCARD_ACTIONS::contains);
        }
    }

    @Test
    void serverlessStages_should_grantNoSageMakerOrEc2Action_when_gpuIsOff() {
        for (SynthesizedStage stage : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            // GIVEN every identity-policy statement of a stage without GPU backends
            List<String> actions = statements(stage).stream().flatMap(s -> s.actions().stream()).toList();

            // THEN no role may call SageMaker or touch EC2 (no function is in a VPC)
            assertThat(actions).as(stage.name()).isNotEmpty()
                    .noneMatch(a -> a.startsWith("sagemaker:") || a.startsWith("ec2:"));
        }
    }

    @Test
    void predictionRole_should_invokeOnlyTheStagesSageMakerEndpoint_when_sageMakerIsOn() {
        for (SynthesizedStage stage : List.of(SynthesizedStage.gpu(), SynthesizedStage.sageMakerOnly())) {
            // GIVEN a stage with the SageMaker endpoint
            String endpoint = stage.stage().gpu().orElseThrow().sageMaker().orElseThrow().endpointName();

            // WHEN the prediction role's SageMaker statements are read
            List<TemplateJson.Statement> sageMaker = roleStatements(stage, "PredictionRole").stream()
                    .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("sagemaker:"))).toList();

            // THEN one statement: InvokeEndpoint on that endpoint's ARN (lower-cased name), nothing broader
            assertThat(sageMaker).as(stage.name()).singleElement().satisfies(s -> {
                assertThat(s.actions()).containsExactly("sagemaker:InvokeEndpoint");
                assertThat(s.resources()).singleElement().satisfies(r -> assertThat(TemplateJson.joined(r))
                        .matches("arn:\\{AWS::Partition}:sagemaker:(eu-west-1|\\{AWS::Region}):\\{AWS::AccountId}:endpoint/"
                                + endpoint.toLowerCase(java.util.Locale.ROOT)));
            });
            // and neither the admin nor the rollout function may call SageMaker
            for (String other : List.of("AdminRole", "RolloutRole")) {
                assertThat(roleStatements(stage, other)).flatExtracting(TemplateJson.Statement::actions).as(other)
                        .noneMatch(a -> a.startsWith("sagemaker:"));
            }
        }
    }

    @Test
    void predictionRole_should_holdLambdasNetworkInterfaceActionsInline_when_ecsIsOn() {
        // GIVEN the GPU stage (ECS on: the prediction function runs in the GPU VPC)
        SynthesizedStage gpu = SynthesizedStage.gpu();
        JsonNode template = gpu.json(gpu.stage().serving());

        // WHEN the prediction role's EC2 statements are read
        List<TemplateJson.Statement> ec2 = roleStatements(gpu, "PredictionRole").stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("ec2:"))).toList();

        // THEN one statement, in an inline policy of its own, with exactly the actions Lambda needs for VPC access
        assertThat(ec2).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactlyInAnyOrderElementsOf(ModelFunction.VPC_ACCESS_ACTIONS)
                    .contains("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                            "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
            assertThat(s.hasWildcardResource()).isTrue();
            assertThat(template.path("Resources").path(s.owner()).path("Type").asText()).isEqualTo("AWS::IAM::Policy");
            assertThat(s.owner()).startsWith("PredictionVpcAccessPolicy");
        });
        // and no AWS-managed policy (AWSLambdaVPCAccessExecutionRole) on any role of the stack
        TemplateJson.resources(template, "AWS::IAM::Role").forEach((id, role) ->
                assertThat(role.path("Properties").has("ManagedPolicyArns")).as(id).isFalse());
        // and the admin and rollout functions, outside the VPC, get no EC2 action
        for (String other : List.of("AdminRole", "RolloutRole")) {
            assertThat(roleStatements(gpu, other)).flatExtracting(TemplateJson.Statement::actions).as(other)
                    .noneMatch(a -> a.startsWith("ec2:"));
        }
    }

    @Test
    void predictionRole_should_haveNoEc2Action_when_onlySageMakerIsOn() {
        // GIVEN the SageMaker-only stage (SageMaker is an AWS API: no VPC needed)
        List<String> actions = roleStatements(SynthesizedStage.sageMakerOnly(), "PredictionRole").stream()
                .flatMap(s -> s.actions().stream()).toList();

        // THEN InvokeEndpoint, but no network-interface permission
        assertThat(actions).contains("sagemaker:InvokeEndpoint").noneMatch(a -> a.startsWith("ec2:"));
    }

    @Test
    void roles_should_carryNoAwsManagedPolicies_when_anyStageIsSynthesised() {
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            for (var stack : stage.stacks()) {
                TemplateJson.resources(stage.json(stack), "AWS::IAM::Role").forEach((id, role) ->
                        assertThat(role.path("Properties").has("ManagedPolicyArns")).as(stack.getStackName() + "/" + id).isFalse());
            }
        }
    }

    @Test
    void predictionRole_should_readTheRegistryAndModelPrefixOnly_when_synthesised() {
        // GIVEN the prediction function's role in dev
        List<TemplateJson.Statement> statements = roleStatements(SynthesizedStage.dev(), "PredictionRole");

        // THEN it reads (never writes) the registry and its index, records feedback, gets objects under the prefix
        // and the registry's snapshot object, decrypts
        List<String> actions = statements.stream().flatMap(s -> s.actions().stream()).toList();
        assertThat(actions).containsExactlyInAnyOrder(
                "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                "dynamodb:PutItem", "dynamodb:UpdateItem",
                "s3:GetObject", "s3:GetObjectVersion", "s3:GetObject", "kms:Decrypt", "lambda:InvokeFunction",
                "secretsmanager:GetSecretValue");
        // it reads the prediction token keys, on their secret only
        assertThat(statements).filteredOn(s -> s.actions().contains("secretsmanager:GetSecretValue")).singleElement()
                .satisfies(s -> assertThat(s.resources().toString()).contains("PredictionTokenKeys"));
        // the only writes are feedback's, on the feedback table
        assertThat(statements).filteredOn(s -> s.actions().contains("dynamodb:PutItem")).singleElement()
                .satisfies(s -> {
                    assertThat(s.actions()).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:UpdateItem");
                    assertThat(s.resources().toString()).contains("Feedback").doesNotContain("Registry");
                });
        assertThat(statements).filteredOn(s -> s.actions().contains("s3:GetObject")).map(s -> s.resources().toString())
                .satisfiesExactlyInAnyOrder(r -> assertThat(r).contains("/models/*"),
                        r -> assertThat(r).contains("/registry/snapshot.json").doesNotContain("*"));
        // and it may invoke only itself, at its alias (shadow copies), nothing else
        assertThat(statements).filteredOn(s -> s.actions().contains("lambda:InvokeFunction")).singleElement()
                .satisfies(s -> {
                    assertThat(s.actions()).containsExactly("lambda:InvokeFunction");
                    assertThat(s.resources()).singleElement().satisfies(r -> assertThat(TemplateJson.joined(r))
                            .matches("arn:\\{AWS::Partition}:lambda:(eu-west-1|\\{AWS::Region}):"
                                    + "(\\d{12}|\\{AWS::AccountId}):function:[a-z0-9-]+-predict:" + ModelFunction.ALIAS));
                });
    }

    @Test
    void adminRole_should_writeTheRegistryAndModelPrefix_when_synthesised() {
        List<String> actions = roleStatements(SynthesizedStage.dev(), "AdminRole").stream()
                .flatMap(s -> s.actions().stream()).toList();

        assertThat(actions).contains("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                "dynamodb:ConditionCheckItem", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "kms:GenerateDataKey");
        assertThat(actions).noneMatch(a -> a.startsWith("lambda:") || a.startsWith("cloudwatch:"));
        // the prediction token keys are the prediction function's alone
        assertThat(actions).noneMatch(a -> a.startsWith("secretsmanager:"));
    }

    @Test
    void rolloutRole_should_writeTheRegistryReadAlarmsAndResetOnlyOurAliases_when_synthesised() {
        SynthesizedStage dev = SynthesizedStage.dev();
        List<TemplateJson.Statement> statements = roleStatements(dev, "RolloutRole");
        List<String> actions = statements.stream().flatMap(s -> s.actions().stream()).toList();

        assertThat(actions).contains("dynamodb:PutItem", "dynamodb:ConditionCheckItem", "cloudwatch:DescribeAlarms",
                "cloudwatch:GetMetricData", "lambda:GetAlias", "lambda:UpdateAlias");
        // in S3, only the registry's snapshot object: get and put that key, list nothing but it
        assertThat(statements).filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("s3:")))
                .satisfiesExactlyInAnyOrder(
                        s -> {
                            assertThat(s.actions()).containsExactly("s3:GetObject", "s3:PutObject");
                            assertThat(s.resources().toString()).contains("/registry/snapshot.json").doesNotContain("*");
                        },
                        s -> {
                            assertThat(s.actions()).containsExactly("s3:ListBucket");
                            assertThat(s.json().path("Condition").toString()).contains("registry/snapshot.json");
                        });
        // it makes and deletes the alarms of releases: exactly these three alarm actions, on this stage's endpoint alarms only
        assertThat(statements).filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("cloudwatch:")
                        && !a.equals("cloudwatch:GetMetricData"))).singleElement()
                .satisfies(s -> {
                    assertThat(s.actions()).containsExactlyInAnyOrder("cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm",
                            "cloudwatch:DeleteAlarms");
                    assertThat(s.resources()).singleElement().satisfies(r -> assertThat(TemplateJson.joined(r))
                            .endsWith(":alarm:" + dev.stage().settings().endpointAlarmPrefix() + "*"));
                });
        assertThat(statements).filteredOn(s -> s.actions().contains("lambda:UpdateAlias")).singleElement()
                .satisfies(s -> assertThat(s.resources().toString())
                        .contains("PredictionFunction", "AdminFunction").doesNotContain("RolloutFunction"));
        // it publishes rollback notices to the stage's topic only, and uses that topic's key only
        assertThat(statements).filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("sns:"))).singleElement()
                .satisfies(s -> {
                    assertThat(s.actions()).containsExactly("sns:Publish");
                    assertThat(s.resources()).singleElement().satisfies(r -> assertThat(r.path("Ref").asText())
                            .startsWith("AlarmTopic"));
                });
        assertThat(statements).filteredOn(s -> s.resources().toString().contains("AlarmTopicKey")).singleElement()
                .satisfies(s -> {
                    assertThat(s.actions()).containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
                    assertThat(s.resources()).singleElement().satisfies(r -> assertThat(r.toString())
                            .contains("AlarmTopicKey"));
                });
    }

    private static List<TemplateJson.Statement> roleStatements(SynthesizedStage stage, String rolePrefix) {
        JsonNode template = stage.json(stage.stage().serving());
        String roleId = TemplateJson.resources(template, "AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith(rolePrefix)).findFirst().orElseThrow();
        List<TemplateJson.Statement> statements = new ArrayList<>(TemplateJson.statementsOfRole(template, roleId));
        return statements;
    }
}
