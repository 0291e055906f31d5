package io.modelfn.infra.rollout;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import io.modelfn.infra.support.TestStacks;

class RolloutScheduleTest {

    @Test
    void rule_should_invokeTheRolloutFunctionEveryMinuteWithoutRetries_when_synthesised() {
        // GIVEN a schedule on a function
        Stack stack = TestStacks.newStack();
        Function rollout = Function.Builder.create(stack, "Rollout").runtime(Runtime.JAVA_25).handler("h")
                .code(Code.fromAsset(io.modelfn.infra.support.TestArtifacts.artifacts().apiFunctionZip().toString())).build();
        new RolloutSchedule(stack, "Schedule", new RolloutSchedule.Props("modelfn-test-rollout-step", rollout, Duration.minutes(1)));

        // WHEN synthesised
        Template template = Template.fromStack(stack);

        // THEN an EventBridge rule fires every minute at the function, and may invoke it
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "modelfn-test-rollout-step",
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Rollout.*"), "Arn")),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 60)))))));
        template.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com")));
    }
}
