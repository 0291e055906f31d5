package io.modelfn.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TensorJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the local and container runners publish describes both HTTP protocols. */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class OpenApiDocumentIT {

    @Test
    void openapi_should_list_inference_and_invocations_paths() {
        // WHEN the OpenAPI document is read as JSON
        Response response = given().queryParam("format", "json").get("/q/openapi");

        // THEN it lists OIP inference (routed and pinned) and the SageMaker contract
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = TensorJson.parse(response.asString());
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer",
                "/invocations", "/ping", "/v2/health/ready");
        assertThat(document.path("paths").path("/v2/models/{name}/infer").has("post")).isTrue();
        assertThat(document.path("paths").path("/invocations").has("post")).isTrue();
        // and says that answers carry the prediction token feedback needs
        for (String path : List.of("/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer", "/invocations")) {
            assertThat(document.path("paths").path(path).path("post").path("responses").path("200").path("headers")
                    .has("X-ModelFn-Prediction-Token")).as(path).isTrue();
        }
    }
}
