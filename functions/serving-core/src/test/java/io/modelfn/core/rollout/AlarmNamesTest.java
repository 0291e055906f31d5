package io.modelfn.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.registry.Variant;
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
    void isOf_should_tell_an_endpoints_alarms_from_those_of_an_endpoint_whose_name_extends_it() {
        // GIVEN the alarms of endpoints iris, iris-v2 and iris-canary
        String prefix = "modelfn-dev-endpoint-";
        String iris = AlarmNames.name(prefix, "iris", Variant.CANARY, AlarmNames.ERROR_RATE);
        String irisV2 = AlarmNames.name(prefix, "iris-v2", Variant.CANARY, AlarmNames.ERROR_RATE);
        String irisCanary = AlarmNames.name(prefix, "iris-canary", Variant.CANARY, AlarmNames.P99_LATENCY);

        // WHEN each is asked whether it is iris's
        // THEN only iris's own is, though all three start with iris's prefix
        assertThat(iris).isEqualTo("modelfn-dev-endpoint-iris-canary-error-rate");
        assertThat(AlarmNames.isOf(iris, prefix, "iris")).isTrue();
        assertThat(irisV2).startsWith(AlarmNames.endpointPrefix(prefix, "iris"));
        assertThat(AlarmNames.isOf(irisV2, prefix, "iris")).isFalse();
        assertThat(AlarmNames.isOf(irisCanary, prefix, "iris")).isFalse();
        assertThat(AlarmNames.isOf(irisV2, prefix, "iris-v2")).isTrue();
        assertThat(AlarmNames.isOf("modelfn-dev-endpoint-iris-canary-something-else", prefix, "iris")).isFalse();
    }
}
