package io.modelfn.harness;

import static io.modelfn.harness.ColdStarts.median;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.harness.ColdStarts.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cold-start figures of the built function on Lambda's terms (benchmarks/run.sh harness): for each of
 * {@code harness.figures.runs} fresh environments on one core, loading at init what the registry routes to
 * (the template's setting) and loading nothing at init: init duration, the first answer as the caller waits for it, the first invocation's duration,
 * warm p50/p99 of {@value #WARM} iris invocations, classes loaded and resident memory. Medians over the runs
 * go to {@code target/harness-figures.md}.
 *
 * <p>{@code harness.figures.java-tool-options} sets {@code JAVA_TOOL_OPTIONS} in every environment, for looking
 * into a cold start (for instance {@code -Xlog:class+load:file=/tmp/cold-%p.log:uptime} or a JFR recording);
 * figures taken with it are the profiled start's, and the report says so.
 */
@EnabledIfSystemProperty(named = "harness.figures", matches = "true")
class ColdStartFiguresIT {

    private static final int WARM = 200;

    @Test
    void cold_starts_should_be_measured_with_and_without_preloading() throws Exception {
        LambdaHarness harness = LambdaHarness.shared();
        int runs = Integer.getInteger("harness.figures.runs", 5);
        String preload = "routed versions" + Optional.ofNullable(harness.function().environment().get("MODELFN_CACHE_PRELOAD"))
                .map(pins -> " and " + pins).orElse("");
        String toolOptions = System.getProperty("harness.figures.java-tool-options", "");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Function %s, %d MB, handler %s; %d cold starts each, one core; JDK %s%s%n%n",
                harness.function().functionName(), harness.function().memoryMb(), harness.function().handler(), runs,
                Runtime.version(), toolOptions.isBlank() ? "" : "; profiled (JAVA_TOOL_OPTIONS=" + toolOptions + "), not figures"));
        report.append("| preload | init ms | first answer ms | first invocation ms | warm p50 ms | warm p99 ms | classes loaded | VmRSS after first MB | VmRSS after warm MB |\n");
        report.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (boolean preloading : new boolean[] {true, false}) {
            Map<String, String> overrides = new HashMap<>();
            if (!toolOptions.isBlank()) {
                // After the template's own options (-XX:MetaspaceSize...), so the profiled start is the same start.
                overrides.put(JvmLaunch.JAVA_TOOL_OPTIONS, JvmLaunch.followedBy(
                        harness.function().environment().get(JvmLaunch.JAVA_TOOL_OPTIONS), toolOptions));
            }
            if (!preloading) {
                overrides.put("MODELFN_CACHE_PRELOAD", null);
                overrides.put("MODELFN_CACHE_PRELOAD_ROUTED", "false");
            }
            List<Run> measured = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                measured.add(ColdStarts.measure(harness.newPool("figures-" + (preloading ? "preload" : "lazy") + "-" + run, true, overrides),
                        WARM));
            }
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %d | %.0f | %.0f |%n",
                    preloading ? preload : "none",
                    median(measured, Run::initMs), median(measured, Run::firstAnswerMs), median(measured, Run::firstInvocationMs),
                    median(measured, Run::warmP50Ms), median(measured, Run::warmP99Ms),
                    (long) median(measured, r -> r.classes()), median(measured, r -> r.rssKbAfterFirst()) / 1024,
                    median(measured, r -> r.rssKbAfterWarm()) / 1024));
            for (Run r : measured) {
                report.append(String.format(Locale.ROOT, "<!-- run: %s -->%n", r));
            }
        }
        Path out = Path.of("target", "harness-figures.md");
        Files.writeString(out, report);
        System.out.println(report);
        assertThat(Files.size(out)).isPositive();
    }
}
