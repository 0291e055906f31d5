package io.modelfn.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.SynthesizedStage;
import io.modelfn.infra.support.TemplateJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * cdk-nag's AwsSolutions pack runs on every stack (as the app applies it): no error and no warning
 * is left unsuppressed, and every suppression says why.
 */
class CdkNagTest {

    @Test
    void awsSolutions_should_reportNoUnsuppressedError_when_anyStageIsSynthesised() {
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            for (var stack : stage.stacks()) {
                // GIVEN / WHEN the stack's annotations after synth
                Annotations annotations = Annotations.fromStack(stack);

                // THEN no AwsSolutions error, and no warning either
                assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                        .as(stack.getStackName()).isEmpty();
                assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                        .as(stack.getStackName()).isEmpty();
                // nor a rule that failed to evaluate
                assertThat(annotations.findWarning("*", Match.stringLikeRegexp("CdkNagValidationFailure.*")))
                        .as(stack.getStackName()).isEmpty();
            }
        }
    }

    @Test
    void vpcAccessPolicy_should_carryItsOwnWildcardReason_when_thePredictionFunctionIsInTheVpc() {
        // GIVEN the GPU stage's prediction function (ECS on: in the GPU VPC)
        SynthesizedStage gpu = SynthesizedStage.gpu();
        JsonNode resources = gpu.json(gpu.stage().serving()).path("Resources");
        String policyId = TemplateJson.resources(gpu.json(gpu.stage().serving()), "AWS::IAM::Policy").keySet().stream()
                .filter(id -> id.startsWith("PredictionVpcAccessPolicy")).findFirst().orElseThrow();

        // WHEN its cdk-nag suppressions are read
        JsonNode rules = resources.path(policyId).path("Metadata").path("cdk_nag").path("rules_to_suppress");

        // THEN IAM5 is suppressed for Resource::* only, with a reason about network interfaces that has no narrower resource
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.path("id").asText()).isEqualTo("AwsSolutions-IAM5");
            assertThat(rule.path("applies_to").toString()).isEqualTo("[\"Resource::*\"]");
            assertThat(rule.path("reason").asText()).contains("network interfaces", "no narrower resource");
        });
        // and the finding is reported as suppressed, not as an error
        assertThat(Annotations.fromStack(gpu.stage().serving())
                .findError("*", Match.stringLikeRegexp("AwsSolutions-IAM5.*"))).isEmpty();
    }

    @Test
    void everySuppression_should_carryAReason_when_anyStageIsSynthesised() {
        // GIVEN every cdk-nag suppression written into the templates
        List<String> problems = new ArrayList<>();
        int suppressions = 0;
        for (SynthesizedStage stage : SynthesizedStage.all()) {
            for (var stack : stage.stacks()) {
                JsonNode resources = stage.json(stack).path("Resources");
                var ids = resources.fieldNames();
                while (ids.hasNext()) {
                    String id = ids.next();
                    for (JsonNode rule : resources.path(id).path("Metadata").path("cdk_nag").path("rules_to_suppress")) {
                        suppressions++;
                        String reason = rule.path("reason").asText("");
                        // THEN each names an AwsSolutions rule and gives a sentence of reason
                        if (!rule.path("id").asText().startsWith("AwsSolutions-") || reason.strip().length() < 20) {
                            problems.add(stack.getStackName() + "/" + id + ": " + rule);
                        }
                    }
                }
            }
        }
        assertThat(suppressions).isGreaterThan(10);
        assertThat(problems).isEmpty();
    }
}
