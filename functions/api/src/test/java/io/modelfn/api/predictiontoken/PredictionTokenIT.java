package io.modelfn.api.predictiontoken;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.predictiontoken.Predicted;
import io.modelfn.core.predictiontoken.PredictionToken;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Every protocol's answer carries the signed token of what it served, under the request's id. */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class PredictionTokenIT {

    private static final String SETOSA = "[5.1,3.5,1.4,0.2]";

    @Inject
    PredictionTokenHeader tokens;

    private PredictionToken tokenOf(Response answer) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        return tokens.signer().orElseThrow().verify(answer.header(PredictionTokenHeader.NAME));
    }

    @Test
    void simple_json_answer_should_carry_a_token_of_who_served_what() {
        Response answer = given().contentType("application/json").header("X-Request-Id", "tok-simple")
                .body("{\"endpoint\":\"iris\",\"version\":\"1.0.0\",\"inputs\":[" + SETOSA + "]}").post("/predict");

        PredictionToken token = tokenOf(answer);

        assertThat(token.predictionId()).isEqualTo("tok-simple");
        assertThat(token.endpoint()).isEqualTo("iris");
        assertThat(token.model() + "/" + token.version()).isEqualTo("iris/1.0.0");
        assertThat(token.variant()).isEqualTo(answer.header("X-ModelFn-Variant"));
        assertThat(token.predicted()).isEqualTo(new Predicted.Label("setosa"));
    }

    @Test
    void inference_protocol_answer_should_carry_a_token() {
        Response answer = given().contentType("application/json").header("X-Request-Id", "tok-oip")
                .body("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":" + SETOSA + "}]}")
                .post("/v2/models/iris/infer");

        PredictionToken token = tokenOf(answer);

        assertThat(token.predictionId()).isEqualTo("tok-oip");
        assertThat(token.predicted()).isEqualTo(new Predicted.Label("setosa"));
        assertThat(token.version()).isEqualTo(answer.header("X-ModelFn-Version"));
    }

    @Test
    void sagemaker_answer_should_carry_a_token() {
        Response answer = given().contentType("application/json").header("X-Request-Id", "tok-sm")
                .body("{\"instances\":[" + SETOSA + "]}").post("/invocations");

        PredictionToken token = tokenOf(answer);

        assertThat(token.predictionId()).isEqualTo("tok-sm");
        assertThat(token.predicted()).isEqualTo(new Predicted.Label("setosa"));
    }

    @Test
    void answer_of_several_rows_should_carry_no_token() {
        Response answer = given().contentType("application/json")
                .body("{\"endpoint\":\"iris\",\"inputs\":[" + SETOSA + "," + SETOSA + "]}").post("/predict");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.header(PredictionTokenHeader.NAME)).isNull();
    }
}
