package io.modelfn.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.Variant;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which two variants of an endpoint an A/B comparison is about. */
class AbCompareServiceTest {

    @Test
    void variantsToCompare_should_take_stable_and_canary_when_both_exist_whatever_the_weights() {
        // GIVEN stable, canary and a heavier third variant
        EndpointConfig endpoint = endpoint(new Variant("blue", key("1.2.0"), 6_000),
                new Variant(Variant.CANARY, key("1.1.0"), 1_000), new Variant(Variant.STABLE, key("1.0.0"), 3_000));

        // WHEN the pair is chosen / THEN stable first, then canary
        assertThat(AbCompareService.variantsToCompare(endpoint)).extracting(Variant::name)
                .containsExactly(Variant.STABLE, Variant.CANARY);
    }

    @Test
    void variantsToCompare_should_take_the_two_heaviest_without_stable_and_canary() {
        // GIVEN three named variants
        EndpointConfig endpoint = endpoint(new Variant("green", key("1.0.0"), 2_000),
                new Variant("blue", key("1.1.0"), 7_000), new Variant("red", key("1.2.0"), 1_000));

        // WHEN the pair is chosen / THEN the heaviest first
        assertThat(AbCompareService.variantsToCompare(endpoint)).extracting(Variant::name).containsExactly("blue", "green");
    }

    @Test
    void variantsToCompare_should_refuse_an_endpoint_with_one_variant() {
        // GIVEN one variant / WHEN the pair is chosen / THEN refused: nothing to compare
        EndpointConfig endpoint = endpoint(new Variant(Variant.STABLE, key("1.0.0"), 10_000));

        assertThatThrownBy(() -> AbCompareService.variantsToCompare(endpoint))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("nothing to compare");
    }

    private static ModelKey key(String version) {
        return new ModelKey("iris", version);
    }

    private static EndpointConfig endpoint(Variant... variants) {
        return new EndpointConfig("iris", List.of(variants), null, null, EndpointConfig.LAMBDA_BACKEND, 1, Instant.EPOCH);
    }
}
