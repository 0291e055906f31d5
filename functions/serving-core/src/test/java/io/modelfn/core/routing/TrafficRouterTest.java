package io.modelfn.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.testkit.Registries;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrafficRouterTest {

    private final TrafficRouter router = new TrafficRouter();

    private static EndpointConfig canaryAt(int weight) {
        return Registries.endpoint("iris",
                Registries.variant(Variant.STABLE, "iris/1.0.0", Variant.TOTAL_WEIGHT - weight),
                Registries.variant(Variant.CANARY, "iris/1.1.0", weight));
    }

    private static String[] keys(int n) {
        Random random = new Random(42);
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        return keys;
    }

    @Test
    void route_should_send_a_10_percent_canary_its_share_within_three_sigma() {
        // GIVEN 100,000 callers and a 10 % canary
        String[] keys = keys(100_000);
        EndpointConfig endpoint = canaryAt(1000);

        // WHEN each is routed
        int canary = 0;
        for (String key : keys) {
            if (router.route(endpoint, key).isCanary()) {
                canary++;
            }
        }

        // THEN the share is 10 % ± 3σ (σ = sqrt(n p (1-p)) ≈ 94.9)
        double sigma = Math.sqrt(100_000 * 0.1 * 0.9);
        assertThat((double) canary).isBetween(10_000 - 3 * sigma, 10_000 + 3 * sigma);
    }

    @Test
    void raising_the_canary_should_only_move_callers_into_it() {
        String[] keys = keys(100_000);
        EndpointConfig at5 = canaryAt(500);
        EndpointConfig at20 = canaryAt(2000);

        int movedOut = 0;
        int movedIn = 0;
        for (String key : keys) {
            boolean before = router.route(at5, key).isCanary();
            boolean after = router.route(at20, key).isCanary();
            if (before && !after) {
                movedOut++;
            }
            if (!before && after) {
                movedIn++;
            }
        }

        assertThat(movedOut).isZero();
        assertThat(movedIn).isGreaterThan(14_000);
    }

    @Test
    void rolling_back_should_move_every_caller_to_stable() {
        String[] keys = keys(100_000);
        EndpointConfig rolledBack = canaryAt(0);

        for (String key : keys) {
            assertThat(router.route(rolledBack, key).name()).isEqualTo(Variant.STABLE);
        }
    }

    @Test
    void route_should_be_sticky_for_a_caller_while_weights_stay() {
        EndpointConfig endpoint = canaryAt(5000);
        for (String key : keys(1000)) {
            String first = router.route(endpoint, key).name();
            for (int i = 0; i < 5; i++) {
                assertThat(router.route(endpoint, key).name()).isEqualTo(first);
            }
        }
    }

    @Test
    void route_should_use_random_buckets_for_callers_without_a_key() {
        int[] buckets = {0, 999, 1000, 9999};
        int[] next = {0};
        TrafficRouter fixed = new TrafficRouter(() -> buckets[next[0]++]);
        EndpointConfig endpoint = canaryAt(1000);

        assertThat(fixed.route(endpoint, null).name()).isEqualTo(Variant.CANARY);
        assertThat(fixed.route(endpoint, "").name()).isEqualTo(Variant.CANARY);
        assertThat(fixed.route(endpoint, null).name()).isEqualTo(Variant.STABLE);
        assertThat(fixed.route(endpoint, null).name()).isEqualTo(Variant.STABLE);
    }

    @Test
    void rangeOrder_should_put_the_canary_first_and_stable_last_in_an_ab_test() {
        EndpointConfig endpoint = Registries.endpoint("iris",
                Registries.variant(Variant.STABLE, "iris/1.0.0", 5000),
                Registries.variant("b", "iris/1.1.0", 2500),
                Registries.variant(Variant.CANARY, "iris/1.1.0", 1000),
                Registries.variant("a", "iris/1.1.0", 1500));

        assertThat(TrafficRouter.rangeOrder(endpoint.variants())).extracting(Variant::name)
                .containsExactly("canary", "a", "b", "stable");
    }

    @Test
    void bucket_should_depend_on_the_salt() {
        int differing = 0;
        for (String key : keys(1000)) {
            if (TrafficRouter.bucket("salt-a", key) != TrafficRouter.bucket("salt-b", key)) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(990);
    }
}
