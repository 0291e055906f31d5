package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.registry.Variant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlarmNamesTest {

    @Test
    void variantPrefix_should_start_with_the_endpoint_prefix_so_the_step_finds_every_variant_alarm() {
        // GIVEN the stack's prefix and an endpoint
        String prefix = "modelfn-dev-endpoint-";

        // WHEN the alarm names of its canary are built
        String canary = AlarmNames.variantPrefix(prefix, "iris", Variant.CANARY);

        // THEN they are found under the endpoint's prefix
        assertThat(AlarmNames.endpointPrefix(prefix, "iris")).isEqualTo("modelfn-dev-endpoint-iris-");
        assertThat(canary).isEqualTo("modelfn-dev-endpoint-iris-canary-").startsWith(AlarmNames.endpointPrefix(prefix, "iris"));
    }

    @Test
    void isOf_should_take_every_alarm_of_the_endpoints_variants_and_none_of_an_endpoint_whose_name_extends_it() {
        // GIVEN the alarms of endpoint iris (one the CDK app makes, one an operator added by the same
        // rule) and one of endpoint iris-v2
        String prefix = "modelfn-dev-endpoint-";
        String iris = AlarmNames.name(prefix, "iris", Variant.CANARY, AlarmNames.ERROR_RATE);
        String operators = AlarmNames.variantPrefix(prefix, "iris", Variant.STABLE) + "queue-depth";
        String irisV2 = AlarmNames.name(prefix, "iris-v2", Variant.CANARY, AlarmNames.ERROR_RATE);

        // WHEN each is asked whether it is iris's
        // THEN iris's own are, iris-v2's is not though it starts with iris's prefix
        assertThat(iris).isEqualTo("modelfn-dev-endpoint-iris-canary-error-rate");
        assertThat(AlarmNames.isOf(iris, prefix, "iris")).isTrue();
        assertThat(AlarmNames.isOf(operators, prefix, "iris")).isTrue();
        assertThat(irisV2).startsWith(AlarmNames.endpointPrefix(prefix, "iris"));
        assertThat(AlarmNames.isOf(irisV2, prefix, "iris")).isFalse();
        assertThat(AlarmNames.isOf(irisV2, prefix, "iris-v2")).isTrue();
        assertThat(AlarmNames.isOf(AlarmNames.variantPrefix(prefix, "iris", Variant.CANARY), prefix, "iris")).isFalse();
    }

    @Test
    void releaseEndpoint_should_read_the_endpoint_back_from_release_alarms_only() {
        // GIVEN the stage's prefix
        String prefix = "modelfn-dev-endpoint-";

        // WHEN names are read back
        // THEN a release alarm gives its endpoint, dashes and all, whatever its check
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.name(prefix, "iris-v2", Variant.CANARY, AlarmNames.ERROR_RATE), prefix))
                .contains("iris-v2");
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.name(prefix, "iris", Variant.CANARY, AlarmNames.P99_LATENCY), prefix))
                .contains("iris");
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.name(prefix, "a-canary-b", Variant.CANARY, AlarmNames.ACCURACY), prefix))
                .contains("a-canary-b");
        // AND the stable variant's error rate and latency, which a release puts to watch its promotion, give theirs
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.name(prefix, "iris", Variant.STABLE, AlarmNames.ERROR_RATE), prefix))
                .contains("iris");
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.name(prefix, "iris", Variant.STABLE, AlarmNames.P99_LATENCY), prefix))
                .contains("iris");
        // AND no other name gives one: a stable accuracy check (no release puts one), an operator's check,
        // another stage's, a bare suffix
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.name(prefix, "iris", Variant.STABLE, AlarmNames.ACCURACY), prefix))
                .isEmpty();
        assertThat(AlarmNames.releaseEndpoint(AlarmNames.variantPrefix(prefix, "iris", Variant.CANARY) + "queue-depth", prefix))
                .isEmpty();
        assertThat(AlarmNames.releaseEndpoint("modelfn-prod-endpoint-iris-canary-error-rate", prefix)).isEqualTo(Optional.empty());
        assertThat(AlarmNames.releaseEndpoint(prefix + "-canary-error-rate", prefix)).isEmpty();
        assertThat(AlarmNames.releaseEndpoint(prefix + "iris-canary-error-rate-x", prefix)).isEmpty();
    }
}
