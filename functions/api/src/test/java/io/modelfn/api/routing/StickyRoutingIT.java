package io.modelfn.api.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A caller keeps its variant, whether it names itself by header or by the request's routing_key parameter. */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class StickyRoutingIT {

    private static final String INPUT = "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}";

    @BeforeAll
    static void halfAndHalf() throws InterruptedException {
        new DynamoDbModelRegistry(RegistryTestResource.client(), RegistryTestResource.TABLE, Clock.systemUTC())
                .putEndpoint(new EndpointConfig("sticky", List.of(
                        new Variant(Variant.STABLE, ModelKey.parse("iris/1.0.0"), 5000),
                        new Variant("b", ModelKey.parse("iris/1.1.0"), 5000)), null, "salt", null, 0, null), 0,
                        Change.by("test", "sticky routing"));
        Thread.sleep(600); // two refresh intervals
    }

    private static String byHeader(String key) {
        return given().contentType("application/json").header("X-ModelFn-Routing-Key", key)
                .body("{\"inputs\":[" + INPUT + "]}").post("/v2/models/sticky/infer")
                .then().statusCode(200).extract().header("X-ModelFn-Variant");
    }

    private static String byParameter(String key) {
        return given().contentType("application/json")
                .body("{\"parameters\":{\"routing_key\":\"" + key + "\"},\"inputs\":[" + INPUT + "]}")
                .post("/v2/models/sticky/infer").then().statusCode(200).extract().header("X-ModelFn-Variant");
    }

    @Test
    void caller_should_keep_its_variant_by_header_or_by_parameter() {
        Set<String> seen = new HashSet<>();
        for (int caller = 0; caller < 20; caller++) {
            String first = byHeader("user-" + caller);
            seen.add(first);
            for (int call = 0; call < 5; call++) {
                assertThat(byHeader("user-" + caller)).isEqualTo(first);
                assertThat(byParameter("user-" + caller)).as("the parameter routes like the header").isEqualTo(first);
            }
        }
        assertThat(seen).as("20 callers land on both variants").containsExactlyInAnyOrder("stable", "b");
    }
}
