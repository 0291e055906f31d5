package io.modelfn.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.core.predictiontoken.PredictionTokenKeys;
import io.modelfn.infra.support.TemplateJson;
import io.modelfn.infra.support.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

class PredictionTokenSecretTest {

    @Test
    void secret_should_beGeneratedInTheFormTheFunctionReads_when_synthesised() {
        // GIVEN the token keys of a protected stage
        Stack stack = TestStacks.newStack();
        new PredictionTokenSecret(stack, "Keys", new PredictionTokenSecret.Props("modelfn-test-prediction-token-keys", true));

        // WHEN synthesised
        Template template = Template.fromStack(stack);

        // THEN one generated key, current, of 64 letters and digits (base64 of 48 bytes), retained
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "modelfn-test-prediction-token-keys",
                "GenerateSecretString", Map.of(
                        "SecretStringTemplate", "{\"current\":\"k1\"}",
                        "GenerateStringKey", "k1",
                        "PasswordLength", 64,
                        "ExcludePunctuation", true,
                        "IncludeSpace", false))));
        template.hasResource("AWS::SecretsManager::Secret", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        // and a value of that form is what the function parses
        String generated = "a".repeat(32) + "B".repeat(32);
        assertThat(PredictionTokenKeys.parse("{\"current\":\"k1\",\"k1\":\"" + generated + "\"}").currentId()).isEqualTo("k1");
    }

    @Test
    void grantRead_should_allowOnlyGetSecretValueOnThisSecret_when_granted() {
        // GIVEN a reader
        Stack stack = TestStacks.newStack();
        PredictionTokenSecret keys = new PredictionTokenSecret(stack, "Keys",
                new PredictionTokenSecret.Props("modelfn-test-prediction-token-keys", false));
        Role reader = Role.Builder.create(stack, "Reader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();

        // WHEN granted
        keys.grantRead(reader);

        // THEN it may get the value of this secret, nothing else
        JsonNode template = TemplateJson.of(Template.fromStack(stack));
        List<JsonNode> statements = TemplateJson.resources(template, "AWS::IAM::Policy").values().stream()
                .flatMap(p -> StreamSupport.stream(p.path("Properties").path("PolicyDocument").path("Statement").spliterator(), false))
                .toList();
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.path("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(s.path("Resource").toString()).contains("KeysSecret");
        });
    }
}
