package io.modelfn.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestArtifacts;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ShadowSelfInvocationTest {

    private static Template synth() {
        Stack stack = TestStacks.newStack();
        ModelFunction prediction = new ModelFunction(stack, "Prediction", new ModelFunction.Props("modelfn-test-predict",
                "test", TestArtifacts.artifacts().apiFunctionZip(), 2048, 30,
                Map.of(ShadowSelfInvocation.QUALIFIER_VARIABLE, ModelFunction.ALIAS), List.of(), 30, false)
                .withHandler(ShadowSelfInvocation.HANDLER));
        new ShadowSelfInvocation(stack, "Shadows", prediction, "modelfn-test-predict");
        return Template.fromStack(stack);
    }

    @Test
    void function_should_runTheHandlerThatTellsShadowEventsApart_when_synthesised() {
        Template template = synth();

        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "io.modelfn.lambda.handler.ModelfnLambdaHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        ShadowSelfInvocation.QUALIFIER_VARIABLE, ModelFunction.ALIAS))))));
    }

    @Test
    void role_should_invokeOnlyItsOwnAlias_when_synthesised() {
        // GIVEN the function's role statements
        JsonNode template = TemplateJson.of(synth());
        String roleId = TemplateJson.resources(template, "AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith("PredictionRole")).findFirst().orElseThrow();
        List<TemplateJson.Statement> invoke = TemplateJson.statementsOfRole(template, roleId).stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("lambda:"))).toList();

        // THEN one statement: InvokeFunction on this function's live alias, and no other Lambda action or function
        assertThat(invoke).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactly("lambda:InvokeFunction");
            assertThat(s.resources()).singleElement().satisfies(r -> assertThat(TemplateJson.joined(r)).isEqualTo(
                    "arn:{AWS::Partition}:lambda:{AWS::Region}:{AWS::AccountId}:function:modelfn-test-predict:live"));
        });
    }

    @Test
    void alias_should_dropFailedAndStaleShadowEventsWithoutRetry_when_synthesised() {
        JsonNode template = TemplateJson.of(synth());

        // THEN the live alias's asynchronous invocations (the qualifier is read from the alias's ARN): no retry,
        // events dropped after 15 minutes
        assertThat(TemplateJson.resources(template, "AWS::Lambda::EventInvokeConfig").values()).singleElement()
                .satisfies(config -> {
                    JsonNode properties = config.path("Properties");
                    assertThat(properties.path("MaximumRetryAttempts").asInt(-1)).isZero();
                    assertThat(properties.path("MaximumEventAgeInSeconds").asInt()).isEqualTo(900);
                    assertThat(properties.path("FunctionName").toString()).contains("PredictionFunction");
                    assertThat(properties.path("Qualifier").toString()).contains("PredictionLive");
                });
    }
}
