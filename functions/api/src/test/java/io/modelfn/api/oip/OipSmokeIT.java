package io.modelfn.api.oip;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class OipSmokeIT {

    @Test
    void infer_should_answer_iris() {
        given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}")
                .when().post("/v2/models/iris/infer")
                .then().statusCode(200).body("model_name", equalTo("iris")).body("outputs[1].data[0]", equalTo(0));
    }
}
