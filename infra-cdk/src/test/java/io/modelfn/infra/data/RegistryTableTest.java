package io.modelfn.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

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

class RegistryTableTest {

    @Test
    void table_should_matchTheRegistrySchema_when_synthesised() {
        // GIVEN the registry table
        Stack stack = TestStacks.newStack();
        new RegistryTable(stack, "Registry", new RegistryTable.Props("modelfn-test-registry", true));

        // WHEN synthesised
        Template template = Template.fromStack(stack);

        // THEN keys, index and TTL are RegistryTableKeys', billing is on demand
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", "modelfn-test-registry",
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(
                        Map.of("AttributeName", RegistryTableKeys.PK, "KeyType", "HASH"),
                        Map.of("AttributeName", RegistryTableKeys.SK, "KeyType", "RANGE")),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", RegistryTableKeys.PK, "AttributeType", "S"),
                        Map.of("AttributeName", RegistryTableKeys.SK, "AttributeType", "S"),
                        Map.of("AttributeName", RegistryTableKeys.KIND, "AttributeType", "S"))),
                "GlobalSecondaryIndexes", List.of(Map.of(
                        "IndexName", RegistryTableKeys.KIND_INDEX,
                        "KeySchema", List.of(
                                Map.of("AttributeName", RegistryTableKeys.KIND, "KeyType", "HASH"),
                                Map.of("AttributeName", RegistryTableKeys.PK, "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))),
                "TimeToLiveSpecification", Map.of("AttributeName", RegistryTableKeys.TTL, "Enabled", true))));
    }

    @Test
    void table_should_haveRecoveryEncryptionAndDeletionProtection_when_notDev() {
        Stack stack = TestStacks.newStack();
        new RegistryTable(stack, "Registry", new RegistryTable.Props("modelfn-prod-registry", true));

        Template template = Template.fromStack(stack);

        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "DeletionProtectionEnabled", true)));
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void table_should_beDeletable_when_dev() {
        Stack stack = TestStacks.newStack();
        new RegistryTable(stack, "Registry", new RegistryTable.Props("modelfn-dev-registry", false));

        Template template = Template.fromStack(stack);

        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "DeletionProtectionEnabled", false,
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
    }

    @Test
    void grantRegistryRead_should_allowOnlyReadsOnTheTableAndItsNamedIndex_when_granted() {
        // GIVEN a reader and a writer
        Stack stack = TestStacks.newStack();
        RegistryTable registry = new RegistryTable(stack, "Registry", new RegistryTable.Props("modelfn-test-registry", true));
        Role reader = Role.Builder.create(stack, "Reader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        Role writer = Role.Builder.create(stack, "Writer").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        registry.grantRegistryRead(reader);
        registry.grantRegistryReadWrite(writer);

        // WHEN synthesised
        var template = TemplateJson.of(Template.fromStack(stack));
        var readerStatements = TemplateJson.statementsOfRole(template, logicalId(template, "Reader"));
        var writerStatements = TemplateJson.statementsOfRole(template, logicalId(template, "Writer"));

        // THEN the reader reads the table and kind-index, by name, and writes nothing
        assertThat(readerStatements).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactlyElementsOf(RegistryTable.READ_ACTIONS);
            assertThat(s.resources()).hasSize(2);
            assertThat(s.resources().get(1).toString()).contains("/index/" + RegistryTableKeys.KIND_INDEX)
                    .doesNotContain("*");
        });
        // and the writer also writes items (what a transaction is made of), on the table only
        assertThat(writerStatements).hasSize(2);
        assertThat(writerStatements.get(1).actions()).containsExactly(
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem");
        assertThat(writerStatements.get(1).resources()).hasSize(1);
    }

    private static String logicalId(com.fasterxml.jackson.databind.JsonNode template, String prefix) {
        return TemplateJson.resources(template, "AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
    }
}
