package io.modelfn.localcloudwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statistics of one period's samples. */
class StatisticTest {

    private static List<Sample> oneToHundred() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            samples.add(new Sample(0, i, 1));
        }
        return samples;
    }

    @Test
    void of_should_compute_each_statistic_over_the_samples() {
        List<Sample> samples = oneToHundred();
        assertThat(Statistic.of("Sum").of(samples)).hasValue(5050);
        assertThat(Statistic.of("SampleCount").of(samples)).hasValue(100);
        assertThat(Statistic.of("Average").of(samples)).hasValue(50.5);
        assertThat(Statistic.of("Minimum").of(samples)).hasValue(1);
        assertThat(Statistic.of("Maximum").of(samples)).hasValue(100);
        assertThat(Statistic.of("p99").of(samples)).hasValue(99);
        assertThat(Statistic.of("p50").of(samples)).hasValue(50);
        assertThat(Statistic.of("p99.9").of(samples)).hasValue(100);
    }

    @Test
    void of_should_weigh_values_by_their_counts_and_give_nothing_for_an_empty_period() {
        List<Sample> samples = List.of(new Sample(0, 10, 98), new Sample(0, 900, 2));
        assertThat(Statistic.of("p99").of(samples)).hasValue(900);
        assertThat(Statistic.of("p98").of(samples)).hasValue(10);
        assertThat(Statistic.of("SampleCount").of(samples)).hasValue(100);
        assertThat(Statistic.of("Sum").of(List.of())).isEmpty();
        assertThatThrownBy(() -> Statistic.of("tm99")).isInstanceOf(IllegalArgumentException.class);
    }
}
