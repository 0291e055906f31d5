package io.modelfn.api.reliability;

import static io.modelfn.api.testing.ErrorAssertions.assertJsonError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.admin.CallerIdentity;
import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin API in IAM mode ({@code modelfn.admin.auth=iam}, as deployed in AWS): a request that
 * carries no IAM identity (the {@link CallerIdentity} finds none, as for any request that did not come
 * through API Gateway's IAM authoriser) is refused with 401 on every admin function, whatever
 * Authorization header it brings (the local bearer token counts for nothing in this mode), and
 * nothing is written.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
@TestProfile(AdminIamModeIT.IamMode.class)
class AdminIamModeIT {

    /** Admin on, IAM authentication; the token of the test configuration stays set but must not count. */
    public static class IamMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelfn.admin.enabled", "true", "modelfn.admin.auth", "iam");
        }
    }

    @Inject
    CallerIdentity identity;

    @Test
    void every_admin_function_should_answer_401_without_an_iam_identity() {
        // GIVEN IAM mode, and a caller identity that finds no IAM principal in these requests
        assertThat(identity.principal(null)).isEmpty();
        int items = AdminRoutes.tableItems();

        for (String function : AdminRoutes.FUNCTIONS) {
            // WHEN each function is called with no credentials, with the local bearer token, and with a forged
            // SigV4-looking header (API Gateway checks signatures; the function never trusts the header itself)
            var answers = java.util.List.of(
                    given().contentType("application/json").body(AdminRoutes.BODY).post("/admin/" + function),
                    given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                            .body(AdminRoutes.BODY).post("/admin/" + function),
                    given().header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFORGED/20260101/eu-west-1/"
                            + "execute-api/aws4_request, SignedHeaders=host, Signature=00").contentType("application/json")
                            .body(AdminRoutes.BODY).post("/admin/" + function));

            // THEN each is refused with 401 and a JSON error
            for (var answer : answers) {
                assertJsonError(answer, 401, "IAM");
            }
        }

        // AND nothing was written to the registry
        assertThat(AdminRoutes.tableItems()).isEqualTo(items);
    }
}
