package io.modelfn.api.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How fast a running instance follows a weight change made in the registry (a rollback by the
 * rollout function, an operator's change): it must stop serving a canary set to 0 within the
 * snapshot refresh interval (200 ms in tests) plus one second.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class WeightPropagationIT {

    private static final String BODY = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final Duration REFRESH = Duration.ofMillis(200);

    private static String variantOf(String routingKey) {
        return given().contentType("application/json").header("X-ModelFn-Routing-Key", routingKey).body(BODY)
                .post("/v2/models/propagation/infer").then().statusCode(200).extract().header("X-ModelFn-Variant");
    }

    @Test
    void rolled_back_canary_should_stop_serving_within_the_refresh_interval_plus_one_second() throws Exception {
        // GIVEN an endpoint serving half of its callers from a canary
        ModelRegistry registry = new io.modelfn.registry.dynamodb.DynamoDbModelRegistry(RegistryTestResource.client(),
                RegistryTestResource.TABLE, Clock.systemUTC());
        Change operator = Change.by("test", "propagation");
        EndpointConfig created = registry.putEndpoint(new EndpointConfig("propagation", List.of(
                new Variant(Variant.STABLE, ModelKey.parse("iris/1.0.0"), 5000),
                new Variant(Variant.CANARY, ModelKey.parse("iris/1.1.0"), 5000)), null, "salt", null, 0, null), 0, operator);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean canarySeen = false;
        for (int i = 0; !canarySeen && System.nanoTime() < deadline; i++) {
            try {
                canarySeen = Variant.CANARY.equals(variantOf("warm-" + i));
            } catch (AssertionError notYetKnown) {
                Thread.sleep(50);
            }
        }
        assertThat(canarySeen).as("the canary serves before the change").isTrue();

        // WHEN the canary's weight goes to 0 in the registry
        registry.putEndpoint(created.withVariants(List.of(
                new Variant(Variant.STABLE, ModelKey.parse("iris/1.0.0"), 10000),
                new Variant(Variant.CANARY, ModelKey.parse("iris/1.1.0"), 0))), created.revision(), operator);
        long written = System.nanoTime();

        // THEN after at most refresh + 1 s no caller gets the canary; measured: the last canary answer
        long lastCanary = written;
        int stableInARow = 0;
        for (int i = 0; stableInARow < 200 && System.nanoTime() - written < Duration.ofSeconds(5).toNanos(); i++) {
            if (Variant.CANARY.equals(variantOf("caller-" + i))) {
                lastCanary = System.nanoTime();
                stableInARow = 0;
            } else {
                stableInARow++;
            }
        }
        long servedCanaryForMs = (lastCanary - written) / 1_000_000;
        System.out.printf("weight propagation: the canary answered for %d ms after its weight went to 0 "
                + "(refresh interval %d ms)%n", servedCanaryForMs, REFRESH.toMillis());
        assertThat(stableInARow).isEqualTo(200);
        assertThat(servedCanaryForMs).isLessThanOrEqualTo(REFRESH.toMillis() + 1000);
    }
}
