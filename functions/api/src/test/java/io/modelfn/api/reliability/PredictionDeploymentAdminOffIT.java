package io.modelfn.api.reliability;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The prediction deployment cannot change the registry: with {@code modelfn.admin.enabled=false} (its
 * setting in AWS, beside a read-only IAM role) every admin route answers 404, even with the right
 * token, and the registry is untouched; predictions are served as usual.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@TestProfile(PredictionDeploymentAdminOffIT.PredictionDeployment.class)
class PredictionDeploymentAdminOffIT {

    /** The prediction function's settings: no admin API, IAM mode (as on Lambda). */
    public static class PredictionDeployment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelfn.admin.enabled", "false", "modelfn.admin.auth", "iam");
        }
    }

    @Test
    void every_admin_route_should_answer_404_and_change_nothing_when_the_admin_api_is_off() {
        // GIVEN the registry's size
        int items = AdminRoutes.tableItems();

        for (String function : AdminRoutes.FUNCTIONS) {
            // WHEN each admin function is called, with the token the test configuration holds, by POST and GET
            var post = given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                    .body(AdminRoutes.BODY).post("/admin/" + function);
            var get = given().header("Authorization", "Bearer test-admin-token").get("/admin/" + function);

            // THEN it does not exist
            assertJsonError(post, 404);
            assertJsonError(get, 404);
        }
        // ...nor do the upload route and anything else under /admin/
        for (String path : List.of("/admin/uploads/iris/9.9.9/model.onnx?token=x", "/admin/", "/admin/anything")) {
            assertJsonError(given().contentType("application/octet-stream").body(new byte[] {1, 2, 3}).put(path), 404);
        }

        // AND the registry is untouched, while predictions are served
        assertThat(AdminRoutes.tableItems()).isEqualTo(items);
        assertThat(BrokenArtifacts.inferIris().statusCode()).isEqualTo(200);
    }
}
