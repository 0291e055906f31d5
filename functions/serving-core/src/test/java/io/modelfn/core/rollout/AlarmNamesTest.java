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
}
