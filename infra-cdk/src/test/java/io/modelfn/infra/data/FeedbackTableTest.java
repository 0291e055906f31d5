package io.modelfn.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import io.modelfn.core.registry.RegistryTableKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

class FeedbackTableTest {

    @Test
    void table_should_haveTheStoresKeysTtlAndProtection_when_synthesised() {
        // GIVEN the feedback table of a protected stage
        Stack stack = TestStacks.newStack();
        new FeedbackTable(stack, "Feedback", new FeedbackTable.Props("modelfn-test-feedback", true));

        // WHEN synthesised
        Template template = Template.fromStack(stack);

        // THEN PK/SK and TTL as DynamoDbFeedbackStore writes them, no index, recoverable, encrypted, retained
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "modelfn-test-feedback",
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(
                        Map.of("AttributeName", RegistryTableKeys.PK, "KeyType", "HASH"),
                        Map.of("AttributeName", RegistryTableKeys.SK, "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", RegistryTableKeys.TTL, "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "DeletionProtectionEnabled", true)));
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "GlobalSecondaryIndexes", Match.absent())));
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void grants_should_letTheRecorderWriteOnlyAndTheReporterReadOnly_when_granted() {
        // GIVEN a recorder and a reporter
        Stack stack = TestStacks.newStack();
        FeedbackTable feedback = new FeedbackTable(stack, "Feedback", new FeedbackTable.Props("modelfn-test-feedback", false));
        Role recorder = Role.Builder.create(stack, "Recorder").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        Role reporter = Role.Builder.create(stack, "Reporter").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();

        // WHEN granted
        feedback.grantRecord(recorder);
        feedback.grantRead(reporter);

        // THEN each role has exactly its actions, on the table only
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        assertThat(actionsOf(template, "Recorder")).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:UpdateItem");
        assertThat(actionsOf(template, "Reporter")).containsExactly("dynamodb:GetItem");
    }

    private static List<String> actionsOf(JsonNode template, String rolePrefix) {
        return TemplateJson.resources(template, "AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith(rolePrefix))
                .flatMap(e -> java.util.stream.StreamSupport.stream(
                        e.getValue().path("Properties").path("PolicyDocument").path("Statement").spliterator(), false))
                .flatMap(s -> s.path("Action").isArray()
                        ? java.util.stream.StreamSupport.stream(s.path("Action").spliterator(), false).map(JsonNode::asText)
                        : java.util.stream.Stream.of(s.path("Action").asText()))
                .toList();
    }
}
