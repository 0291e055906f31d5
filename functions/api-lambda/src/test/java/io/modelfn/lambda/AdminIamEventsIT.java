package io.modelfn.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.registry.dynamodb.RegistryTableSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The admin API as deployed ({@code modelfn.admin.auth=iam}), driven through Quarkus's mock Lambda
 * event server with the API Gateway HTTP API (payload v2) event of an IAM-authorised admin route
 * ({@code samples/events/apigw-v2-admin-aliases-set-iam.json}): the caller API Gateway verified
 * ({@code requestContext.authorizer.iam}) is what {@link IamCallerIdentity} reads, and what the audit
 * trail names. The same event without that block is refused with a JSON 401 and changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@TestProfile(AdminIamEventsIT.IamMode.class)
class AdminIamEventsIT {

    /** The admin function's settings on Lambda: admin on, callers authenticated by IAM. */
    public static class IamMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // ONNX Runtime is not started at boot here: its natives load into one application per JVM, and
            // the other application of this module's tests needs them; no call of this test runs a model.
            return Map.of("modelfn.admin.enabled", "true", "modelfn.admin.auth", "iam",
                    "modelfn.onnx.require-at-start", "false");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "apigw-v2-admin-aliases-set-iam.json";
    private static final String OPERATOR = "arn:aws:sts::123456789012:assumed-role/modelfn-operator/alice";

    private static ObjectNode event() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(ApiGatewayEventsIT.events().resolve(EVENT)));
    }

    /** The same event sent to another admin function with another body. */
    private static ObjectNode event(String function, String body) throws IOException {
        ObjectNode event = event();
        event.put("rawPath", "/admin/" + function);
        ((ObjectNode) event.path("requestContext").path("http")).put("path", "/admin/" + function);
        event.put("body", body);
        return event;
    }

    /** Posts a raw event to the handler and returns the raw Lambda response (statusCode, headers, body). */
    private static JsonNode invoke(JsonNode event) throws IOException {
        String response = given().contentType("application/json").body(JSON.writeValueAsString(event))
                .when().post("/_lambda_")
                .then().statusCode(200).extract().asString();
        return JSON.readTree(response);
    }

    private static Map<String, AttributeValue> aliasItem(String alias) {
        return RegistryTestResource.client().getItem(b -> b.tableName(RegistryTestResource.TABLE).consistentRead(true)
                .key(Map.of(RegistryTableSchema.PK, AttributeValue.fromS(RegistryTableSchema.MODEL_PREFIX + "iris"),
                        RegistryTableSchema.SK, AttributeValue.fromS(RegistryTableSchema.ALIAS_PREFIX + alias)))).item();
    }

    private static String header(JsonNode response, String name) {
        for (var it = response.path("headers").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        for (var it = response.path("multiValueHeaders").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(0).asText();
            }
        }
        return null;
    }

    @Test
    void admin_event_should_be_refused_with_a_json_401_and_change_nothing_when_it_carries_no_iam_caller() throws IOException {
        // GIVEN the sample admin event with its IAM block taken out (a route API Gateway did not IAM-authorise)
        ObjectNode event = event();
        JsonNode iam = ((ObjectNode) event.path("requestContext")).remove("authorizer");
        assertThat(iam.path("iam").path("userArn").asText()).isEqualTo(OPERATOR);
        ObjectNode body = (ObjectNode) JSON.readTree(event.path("body").asText());
        body.put("alias", "iam-refused");
        event.put("body", body.toString());

        // WHEN the Lambda handler receives it
        JsonNode response = invoke(event);

        // THEN 401 with a JSON error naming what is missing, and the alias was not created
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(401);
        assertThat(header(response, "Content-Type")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.path("body").asText());
        assertThat(error.size()).isEqualTo(1);
        assertThat(error.path("error").asText()).contains("IAM-signed request");
        assertThat(aliasItem("iam-refused")).isEmpty();
    }

    @Test
    void admin_event_should_be_accepted_and_audited_under_the_iam_caller_when_api_gateway_verified_one() throws IOException {
        // GIVEN the sample admin event as API Gateway sends it for an IAM-authorised route (aliases/set iris iam-checked 1.1.0)
        ObjectNode event = event();
        assertThat(aliasItem("iam-checked")).isEmpty();

        // WHEN the Lambda handler receives it
        JsonNode response = invoke(event);

        // THEN the call succeeds: the alias points at 1.1.0, in the answer and in the registry
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        JsonNode alias = JSON.readTree(response.path("body").asText());
        assertThat(alias.path("model").asText()).isEqualTo("iris");
        assertThat(alias.path("alias").asText()).isEqualTo("iam-checked");
        assertThat(alias.path("version").asText()).isEqualTo("1.1.0");
        assertThat(aliasItem("iam-checked")).isNotEmpty();

        // AND the model's audit trail, read with the same caller, records the change as that caller's
        JsonNode audit = invoke(event("audit", "{\"subject\":\"model:iris\",\"limit\":50}"));
        assertThat(audit.path("statusCode").asInt()).as(audit.toString()).isEqualTo(200);
        JsonNode change = null;
        for (JsonNode entry : JSON.readTree(audit.path("body").asText()).path("events")) {
            if (entry.path("action").asText().equals("set-alias") && entry.path("to").path("alias").asText().equals("iam-checked")) {
                change = entry;
            }
        }
        assertThat(change).as("the set-alias event of iam-checked").isNotNull();
        assertThat(change.path("actor").asText()).isEqualTo(OPERATOR);
        assertThat(change.path("reason").asText()).isEqualTo("set by an IAM-signed call");
        assertThat(change.path("to").path("version").asText()).isEqualTo("1.1.0");
    }
}
