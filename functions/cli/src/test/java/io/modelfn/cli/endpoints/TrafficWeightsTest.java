package io.modelfn.cli.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrafficWeightsTest {

    @ParameterizedTest(name = "{0} -> {1} basis points")
    @CsvSource({"9000, 9000", "0, 0", "10000, 10000", "90%, 9000", "100%, 10000", "2.5%, 250", "0.01%, 1",
        "33.33%, 3333", "12.50%, 1250", "' 10% ', 1000"})
    void parseWeight_should_giveBasisPoints_when_givenBasisPointsOrPercent(String text, int basisPoints) {
        assertThat(TrafficWeights.parseWeight("canary", text)).isEqualTo(basisPoints);
    }

    @ParameterizedTest
    @CsvSource({"0.005%", "10001", "100.01%", "-5", "5e3", "ten", "''", "9000.0", "%"})
    void parseWeight_should_refuse_when_notAWholeBasisPointWithinTotal(String text) {
        assertThatThrownBy(() -> TrafficWeights.parseWeight("canary", text)).isInstanceOf(InvalidWeightsException.class)
                .hasMessageContaining("canary");
    }

    @Test
    void parse_should_keepOrderOfVariants_when_weightsAddUp() {
        // WHEN
        TrafficWeights weights = TrafficWeights.parse(List.of("canary=25%", "stable=7500"));

        // THEN
        assertThat(weights.basisPoints()).containsExactly(
                org.assertj.core.api.Assertions.entry("canary", 2500), org.assertj.core.api.Assertions.entry("stable", 7500));
    }

    @Test
    void parse_should_refuse_when_sumIsNotTotal() {
        assertThatThrownBy(() -> TrafficWeights.parse(List.of("stable=9000", "canary=999")))
                .isInstanceOf(InvalidWeightsException.class)
                .hasMessage("weights add up to 9999 basis points (99.99%); they must add up to 10000 (100%): stable=9000 canary=999");
    }

    @Test
    void parse_should_refuse_when_assignmentHasNoName() {
        assertThatThrownBy(() -> TrafficWeights.parse(List.of("=10000")))
                .isInstanceOf(InvalidWeightsException.class).hasMessageContaining("is not VARIANT=WEIGHT");
    }

    @Test
    void parseAll_should_giveSoleVariantAllTraffic_when_itHasNoWeight() {
        assertThat(VariantSpec.parseAll(List.of("main=digits/1.0.0")))
                .containsExactly(new VariantSpec("main", "digits", "1.0.0", 10_000));
    }

    @Test
    void parseAll_should_refuse_when_oneOfSeveralVariantsHasNoWeight() {
        assertThatThrownBy(() -> VariantSpec.parseAll(List.of("stable=iris/1.0.0", "canary=iris/1.1.0:1000")))
                .isInstanceOf(InvalidWeightsException.class).hasMessageContaining("needs a weight");
    }

    @ParameterizedTest
    @CsvSource({"iris/1.2.0:0.1, 0.1", "iris/1.2.0:10%, 0.1", "iris/1.2.0:1, 1", "iris/1.2.0:2.5%, 0.025"})
    void shadowParse_should_giveFraction_when_givenFractionOrPercent(String spec, BigDecimal rate) {
        assertThat(VariantSpec.Shadow.parse(spec)).get().extracting(VariantSpec.Shadow::sampleRate)
                .satisfies(actual -> assertThat(actual).isEqualByComparingTo(rate));
    }

    @ParameterizedTest
    @CsvSource({"iris/1.2.0:0.1, 1000", "iris/1.2.0:10%, 1000", "iris/1.2.0:1, 10000", "iris/1.2.0:0.01%, 1"})
    void shadowBasisPoints_should_beWhatTheAdminApiTakes_when_parsed(String spec, int basisPoints) {
        assertThat(VariantSpec.Shadow.parse(spec).orElseThrow().basisPoints()).isEqualTo(basisPoints);
    }

    @ParameterizedTest
    @CsvSource({"iris/1.2.0:0", "iris/1.2.0:1.5", "iris/1.2.0:150%", "iris/1.2.0", "iris:0.1", "iris/1.2.0:x",
        "iris/1.2.0:0.00005"})
    void shadowParse_should_refuse_when_malformedOrOutOfRange(String spec) {
        assertThatThrownBy(() -> VariantSpec.Shadow.parse(spec)).isInstanceOf(InvalidWeightsException.class);
    }
}
