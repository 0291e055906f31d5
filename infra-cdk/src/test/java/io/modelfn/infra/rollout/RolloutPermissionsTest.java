package io.modelfn.infra.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;

class RolloutPermissionsTest {

    @Test
    void policy_should_readAlarmsByPrefixMetricsAnywhereAndUpdateOnlyOurAliases_when_synthesised() {
        // GIVEN the rollout function's permissions over two functions
        Stack stack = TestStacks.newStack();
        Function rollout = fn(stack, "Rollout");
        Key key = Key.Builder.create(stack, "NoticeKey").build();
        Topic topic = Topic.Builder.create(stack, "Notices").masterKey(key).build();
        new RolloutPermissions(stack, "Permissions", new RolloutPermissions.Props(rollout, rollout, "modelfn-test-endpoint-",
                List.of(fn(stack, "Predict"), fn(stack, "Admin")), "live", topic, key));

        // WHEN synthesised
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        JsonNode policy = TemplateJson.resources(template, "AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("Permissions")).findFirst().orElseThrow().getValue();
        List<TemplateJson.Statement> statements = TemplateJson.list(policy.path("Properties").path("PolicyDocument")
                .path("Statement")).stream().map(s -> new TemplateJson.Statement("Test", "Permissions", s)).toList();

        // THEN DescribeAlarms, PutMetricAlarm and DeleteAlarms on this stage's endpoint alarms, GetMetricData on * (IAM has nothing narrower),
        // and alias reads/updates on the two functions (and their live aliases) only
        assertThat(statements).hasSize(5);
        assertThat(statements.get(0).actions()).containsExactly("cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm",
                "cloudwatch:DeleteAlarms");
        assertThat(statements.get(0).resources().get(0).toString()).contains(":alarm:modelfn-test-endpoint-*");
        assertThat(statements.get(1).actions()).containsExactly("cloudwatch:GetMetricData");
        assertThat(statements.get(1).hasWildcardResource()).isTrue();
        assertThat(statements.get(2).actions()).containsExactly("lambda:GetAlias", "lambda:UpdateAlias");
        assertThat(statements.get(2).resources()).hasSize(4).allSatisfy(r ->
                assertThat(r.toString()).containsAnyOf("Predict", "Admin").doesNotContain("Rollout").doesNotContain("*"));
        // and rollback notices: sns:Publish on the stage's topic only, the data keys of that topic's key only
        assertThat(statements.get(3).actions()).containsExactly("sns:Publish");
        assertThat(statements.get(3).resources()).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("Notices").doesNotContain("*"));
        assertThat(statements.get(4).actions()).containsExactly("kms:GenerateDataKey", "kms:Decrypt");
        assertThat(statements.get(4).resources()).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("NoticeKey").doesNotContain("\"*\""));
        // and CloudWatch may invoke the rollout function from this stage's endpoint alarms, of this account only
        JsonNode permission = TemplateJson.resources(template, "AWS::Lambda::Permission").values().stream()
                .findFirst().orElseThrow().path("Properties");
        assertThat(permission.path("Principal").asText()).isEqualTo("lambda.alarms.cloudwatch.amazonaws.com");
        assertThat(permission.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(TemplateJson.joined(permission.path("SourceArn"))).endsWith(":alarm:modelfn-test-endpoint-*");
        assertThat(permission.has("SourceAccount")).isTrue();
    }

    private static Function fn(Stack stack, String id) {
        return Function.Builder.create(stack, id).runtime(Runtime.JAVA_25).handler("h").code(Code.fromAsset(io.modelfn.infra.support.TestArtifacts.artifacts().apiFunctionZip().toString())).build();
    }
}
