package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cold-start figures of the built function on Lambda's terms (benchmarks/run.sh harness): for each of
 * {@code harness.figures.runs} fresh environments on one core, loading at init what the registry routes to
 * (the template's setting) and loading nothing at init: init duration, the first answer as the caller waits for it, the first invocation's duration,
 * warm p50/p99 of {@value #WARM} iris invocations, classes loaded and resident memory. Medians over the runs
 * go to {@code target/harness-figures.md}.
 */
@EnabledIfSystemProperty(named = "harness.figures", matches = "true")
class ColdStartFiguresIT {

    /** iris/1.1.0: the version the seeded endpoint iris routes to, so routed pre-loading loads it. */
    private static final String IRIS = "apigw-v2-oip-infer-iris-1.1.0.json";
    private static final int WARM = 200;

    /** One cold start; {@code initCpuMs} and {@code firstAnswerCpuMs}: the JVM's CPU time at those points. */
    record Run(double initMs, double firstAnswerMs, double firstInvocationMs, double warmP50Ms, double warmP99Ms,
            long classes, long rssKbAfterFirst, long rssKbAfterWarm, double initCpuMs, double firstAnswerCpuMs) {
    }

    @Test
    void cold_starts_should_be_measured_with_and_without_preloading() throws Exception {
        LambdaHarness harness = LambdaHarness.shared();
        int runs = Integer.getInteger("harness.figures.runs", 5);
        String preload = "routed versions" + Optional.ofNullable(harness.function().environment().get("MODELFN_CACHE_PRELOAD"))
                .map(pins -> " and " + pins).orElse("");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Function %s, %d MB, handler %s; %d cold starts each, one core; JDK %s%n%n",
                harness.function().functionName(), harness.function().memoryMb(), harness.function().handler(), runs,
                Runtime.version()));
        report.append("| preload | init ms | first answer ms | first invocation ms | warm p50 ms | warm p99 ms | classes loaded | VmRSS after first MB | VmRSS after warm MB |\n");
        report.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (boolean preloading : new boolean[] {true, false}) {
            Map<String, String> overrides = new HashMap<>();
            if (!preloading) {
                overrides.put("MODELFN_CACHE_PRELOAD", null);
                overrides.put("MODELFN_CACHE_PRELOAD_ROUTED", "false");
            }
            List<Run> measured = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                measured.add(measure(harness.newPool("figures-" + (preloading ? "preload" : "lazy") + "-" + run, true, overrides),
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

    /** One cold start and {@code warmCount} warm invocations of the iris event in a new environment of {@code pool}. */
    static Run measure(EnvironmentPool pool, int warmCount) throws Exception {
        try (pool) {
            byte[] event = SampleEvents.read(IRIS);
            long start = System.nanoTime();
            Invocation first = pool.invoke(event).get(180, TimeUnit.SECONDS);
            double firstAnswer = (System.nanoTime() - start) / 1e6;
            assertThat(first.outcome()).as(first.payloadText()).isEqualTo(Invocation.Outcome.RESPONSE);
            assertThat(ApiGatewayResponse.of(first).statusCode()).isEqualTo(200);
            ExecutionEnvironment environment = pool.environments().get(0);
            awaitIdle(environment);
            long classes = environment.loadedClasses();
            long rssFirst = environment.residentKb();
            double[] warm = new double[warmCount];
            for (int i = 0; i < warmCount; i++) {
                awaitIdle(environment);
                Invocation next = pool.invoke(event).get(60, TimeUnit.SECONDS);
                assertThat(next.environment()).isEqualTo(environment.id());
                warm[i] = next.durationMillis();
            }
            awaitIdle(environment);
            long rssWarm = environment.residentKb();
            Arrays.sort(warm);
            return new Run(first.initMillis(), firstAnswer, first.durationMillis(), percentile(warm, 50), percentile(warm, 99),
                    classes, rssFirst, rssWarm, environment.initCpuMillis(), environment.firstAnswerCpuMillis());
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void awaitIdle(ExecutionEnvironment environment) throws InterruptedException {
        assertThat(environment.awaitIdle(Duration.ofSeconds(30))).as("environment waits for an event").isTrue();
    }
}
