package io.modelfn.api.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.CapturedMetrics;
import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.TestRegistry;
import io.modelfn.core.metrics.MetricsContract;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.registry.dynamodb.DynamoDbModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shadow copies: compared and measured, never returned, and never able to hurt the caller. */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class ShadowTrafficIT {

    private static final String BODY = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[3,4],"
            + "\"data\":[5.1,3.5,1.4,0.2, 6.7,3.0,5.2,2.3, 5.9,3.0,4.2,1.5]}]}";

    @Inject
    CapturedMetrics metrics;

    private static void endpoint(String name, String shadowKey) {
        new DynamoDbModelRegistry(RegistryTestResource.client(), RegistryTestResource.TABLE, Clock.systemUTC())
                .putEndpoint(new EndpointConfig(name, List.of(new Variant(Variant.STABLE, ModelKey.parse("iris/1.1.0"), 10000)),
                        new ShadowConfig(ModelKey.parse(shadowKey), 10000), name, null, 0, null), 0, Change.by("test", "shadow"));
    }

    private static String answer(String endpoint) {
        return given().contentType("application/json").body(BODY).post("/v2/models/" + endpoint + "/infer")
                .then().statusCode(200).extract().path("outputs[1].data").toString();
    }

    @Test
    void broken_shadow_should_never_change_the_callers_answer_or_status() throws InterruptedException {
        // GIVEN a shadow whose artifact does not exist, sampled on every request
        TestRegistry.register(TestRegistry.withArtifact(TestRegistry.copyOf("iris/1.0.0", "shadow-broken/1.0.0"),
                "local:shadow-broken/1.0.0/model.onnx"));
        endpoint("shadowed-broken", "shadow-broken/1.0.0");
        endpoint("unshadowed", "iris/1.1.0");
        Thread.sleep(600);

        // WHEN callers ask, THEN every answer is the stable version's, with status 200
        for (int i = 0; i < 20; i++) {
            assertThat(answer("shadowed-broken")).isEqualTo(answer("unshadowed"));
        }
    }

    @Test
    void working_shadow_should_be_measured_for_disagreement_and_never_returned() throws InterruptedException {
        // GIVEN the weak iris 1.0.0 shadowing the served 1.1.0
        endpoint("shadowed-weak", "iris/1.0.0");
        Thread.sleep(600);

        // WHEN callers ask
        for (int i = 0; i < 10; i++) {
            var response = given().contentType("application/json").body(BODY).post("/v2/models/shadowed-weak/infer")
                    .then().statusCode(200).extract();
            assertThat(response.header("X-ModelFn-Version")).isEqualTo("1.1.0");
        }

        // THEN ShadowDisagreement records name the shadow variant and its version
        Thread.sleep(500);
        var shadowRecords = metrics.records().stream()
                .filter(r -> r.has(MetricsContract.SHADOW_DISAGREEMENT) && "shadowed-weak".equals(r.path("Endpoint").asText()))
                .toList();
        assertThat(shadowRecords).isNotEmpty();
        assertThat(shadowRecords).allSatisfy(r -> {
            assertThat(r.path("Variant").asText()).isEqualTo("shadow");
            assertThat(r.path("Version").asText()).isEqualTo("1.0.0");
        });
    }
}
