package io.modelfn.api.predictiontoken;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secrets Manager unreachable when the environment starts: predictions are served as always, without a
 * token, and feedback answers 503 (never a 500, never a failed prediction).
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@TestProfile(TokenKeysUnavailableIT.UnreachableSecret.class)
class TokenKeysUnavailableIT {

    /** The token keys named as a secret on an endpoint where nothing listens. */
    public static class UnreachableSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "modelfn.feedback.token-keys-secret", "arn:aws:secretsmanager:us-east-1:000011112222:secret:modelfn-keys",
                    "modelfn.aws.secretsmanager-endpoint", "http://127.0.0.1:1");
        }
    }

    @Test
    void predictions_should_be_served_without_a_token_and_feedback_should_answer_503() {
        Response answer = given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}")
                .post("/v2/models/iris/infer");

        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.header(PredictionTokenHeader.NAME)).isNull();

        Response feedback = given().contentType("application/json")
                .body("{\"predictionToken\":\"k1.AAAA.BBBB\",\"actual\":\"setosa\"}").post("/feedback");
        assertThat(feedback.statusCode()).as(feedback.asString()).isEqualTo(503);
        assertThat(feedback.contentType()).startsWith("application/json");
    }
}
