package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SynthesizedTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DATA = """
            {"Resources": {
               "RegistryTable1": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "modelfn-dev-registry"}},
               "ModelsBucketA1": {"Type": "AWS::S3::Bucket", "Properties": {}}},
             "Outputs": {
               "T": {"Value": {"Ref": "RegistryTable1"}, "Export": {"Name": "data:ExportsOutputRefRegistryTable1"}},
               "B": {"Value": {"Ref": "ModelsBucketA1"}, "Export": {"Name": "data:ExportsOutputRefModelsBucketA1"}}}}
            """;

    private static JsonNode serving(String variables) throws Exception {
        return JSON.readTree("""
                {"Resources": {
                   "Other": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "modelfn-dev-admin"}},
                   "Predict": {"Type": "AWS::Lambda::Function", "Properties": {
                      "FunctionName": "modelfn-dev-predict", "Handler": "h::handleRequest", "Runtime": "java25",
                      "MemorySize": 2048, "Timeout": 30, "Layers": [{"Ref": "Layer"}],
                      "Environment": {"Variables": %s}}}}}
                """.formatted(variables));
    }

    @Test
    void function_should_be_read_with_cross_stack_names_resolved() throws Exception {
        // GIVEN a serving template whose variables import the data stack's table and (unnamed) bucket
        JsonNode serving = serving("""
                {"PLAIN": "x", "TABLE": {"Fn::ImportValue": "data:ExportsOutputRefRegistryTable1"},
                 "BUCKET": {"Fn::ImportValue": "data:ExportsOutputRefModelsBucketA1"}}""");

        // WHEN the prediction function is read
        FunctionConfiguration function = SynthesizedTemplate.function(serving, JSON.readTree(DATA), "modelfn-dev-predict");

        // THEN its properties are the template's, the table by its name, the bucket by a name from its logical id
        assertThat(function.handler()).isEqualTo("h::handleRequest");
        assertThat(function.runtime()).isEqualTo("java25");
        assertThat(function.memoryMb()).isEqualTo(2048);
        assertThat(function.timeoutSeconds()).isEqualTo(30);
        assertThat(function.layers()).isEqualTo(1);
        assertThat(function.environment()).containsEntry("PLAIN", "x")
                .containsEntry("TABLE", "modelfn-dev-registry")
                .containsEntry("BUCKET", "modelsbucketa1");
    }

    @Test
    void unresolvable_value_should_be_refused() throws Exception {
        JsonNode serving = serving("{\"ARN\": {\"Fn::GetAtt\": [\"Something\", \"Arn\"]}}");

        assertThatThrownBy(() -> SynthesizedTemplate.function(serving, JSON.readTree(DATA), "modelfn-dev-predict"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot resolve");
    }

    @Test
    void missing_function_should_be_refused() throws Exception {
        JsonNode serving = serving("{}");

        assertThatThrownBy(() -> SynthesizedTemplate.function(serving, JSON.readTree(DATA), "modelfn-prod-predict"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("modelfn-prod-predict");
    }
}
