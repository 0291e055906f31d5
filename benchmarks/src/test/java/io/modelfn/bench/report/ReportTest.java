package io.modelfn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.bench.report.JmhResults.Fork;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void raw_ort_p50_should_be_the_median_of_the_forks_at_the_runners_default_threads() {
        List<Fork> forks = List.of(
                fork("rawOrt", "0,iris/1.1.0", 8.1), fork("rawOrt", "0,iris/1.1.0", 8.4), fork("rawOrt", "0,iris/1.1.0", 8.3),
                fork("rawOrt", "1,iris/1.1.0", 5.0), fork("service", "0,iris/1.1.0", 12.2),
                fork("rawOrt", "0,digits/1.0.0", 24.0));

        assertThat(Report.rawOrtP50Micros(forks, "iris/1.1.0")).isEqualTo(8.3);
        assertThat(Report.rawOrtP50Micros(forks, "digits/1.0.0")).isEqualTo(24.0);
        assertThat(Report.rawOrtP50Micros(forks, "wide-mlp/1.0.0")).isNaN();
    }

    @Test
    void raw_ort_p50_should_read_results_from_before_the_threads_parameter() {
        assertThat(Report.rawOrtP50Micros(List.of(fork("rawOrt", "iris/1.1.0", 7.0)), "iris/1.1.0")).isEqualTo(7.0);
    }

    private static Fork fork(String benchmark, String params, double p50) {
        return new Fork(benchmark, params, 1, p50, 2 * p50, p50, 1000, "us/op");
    }
}
