package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.harness.ColdStarts.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cold starts of an earlier build of the function ({@code harness.before.zip}, e.g. the commit before a
 * change) against this build, in one run (benchmarks/run.sh harness-ab): {@code harness.figures.runs} fresh
 * environments of each on one core, alternating (before then after, after then before, ...), so both see the
 * same machine. Both run with this build's template (handler, environment, layer); {@code harness.before.environment}
 * ({@code NAME=VALUE} pairs separated by commas; a bare {@code NAME} removes the variable) changes the earlier build's
 * environment where its own template differed, e.g. {@code JAVA_TOOL_OPTIONS} for a commit whose template set none.
 * Medians of init, first
 * answer, first invocation, warm p50 over {@value #WARM} invocations, classes loaded, resident memory, and the
 * JVM's CPU time at init and at the first answer (which, unlike the wall-clock times, does not grow when other
 * processes share the core) go to {@code target/harness-ab-figures.md}, with after/before ratios.
 *
 * <p>{@code harness.figures.jfr=<folder>} records every cold start to its first answer with JFR's CPU-time sampler
 * ({@code before-N.jfr}, {@code after-N.jfr} there) and adds where each build's first answer spent its CPU, by phase
 * ({@link ColdStartPhases}). The recording costs the start time: the figures of such a run are the profiled starts'.
 */
@EnabledIfSystemProperty(named = "harness.figures", matches = "true")
@EnabledIfSystemProperty(named = "harness.before.zip", matches = ".+")
class ColdStartAbFiguresIT {

    private static final int WARM = 20;

    @Test
    void cold_starts_of_the_build_before_and_this_build_should_be_measured_in_turns() throws Exception {
        LambdaHarness harness = LambdaHarness.shared();
        Path beforeZip = Path.of(System.getProperty("harness.before.zip"));
        assertThat(beforeZip).isRegularFile();
        int runs = Integer.getInteger("harness.figures.runs", 5);
        Map<String, String> beforeEnvironment = environmentChanges(System.getProperty("harness.before.environment", ""));
        String jfr = System.getProperty("harness.figures.jfr", "");
        Path recordings = jfr.isBlank() ? null : Files.createDirectories(Path.of(jfr).toAbsolutePath());
        Map<String, String> afterEnvironment = new LinkedHashMap<>();
        if (recordings != null) {
            String template = harness.function().environment().get(JvmLaunch.JAVA_TOOL_OPTIONS);
            String beforeOptions = beforeEnvironment.containsKey(JvmLaunch.JAVA_TOOL_OPTIONS)
                    ? beforeEnvironment.get(JvmLaunch.JAVA_TOOL_OPTIONS) : template;
            beforeEnvironment.put(JvmLaunch.JAVA_TOOL_OPTIONS, JvmLaunch.followedBy(beforeOptions, ColdStarts.RECORDING));
            afterEnvironment.put(JvmLaunch.JAVA_TOOL_OPTIONS, JvmLaunch.followedBy(template, ColdStarts.RECORDING));
        }
        List<Path> beforeRecordings = new ArrayList<>();
        List<Path> afterRecordings = new ArrayList<>();
        List<Run> before = new ArrayList<>();
        List<Run> after = new ArrayList<>();
        StringBuilder perRun = new StringBuilder();
        for (int run = 0; run < runs; run++) {
            // The order turns every run: neither build always starts on a machine the other just warmed.
            for (boolean first : new boolean[] {true, false}) {
                boolean isBefore = (run % 2 == 0) == first;
                EnvironmentPool pool = isBefore
                        ? harness.newPoolOf("ab-before-" + run, beforeZip, beforeEnvironment)
                        : harness.newPool("ab-after-" + run, true, afterEnvironment);
                Path recording = recordings == null ? null : recordings.resolve((isBefore ? "before-" : "after-") + run + ".jfr");
                Run measured = ColdStarts.measure(pool, WARM, recording);
                if (recording != null) {
                    (isBefore ? beforeRecordings : afterRecordings).add(recording);
                }
                (isBefore ? before : after).add(measured);
                perRun.append(String.format(Locale.ROOT, "<!-- %s %d: %s -->%n", isBefore ? "before" : "after", run, measured));
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT,
                "Function %s, %d MB, handler %s; before: %s%s; %d cold starts each, alternating, one core; JDK %s%n%n",
                harness.function().functionName(), harness.function().memoryMb(), harness.function().handler(), beforeZip,
                beforeEnvironment.isEmpty() ? "" : " with " + beforeEnvironment, runs, Runtime.version()));
        report.append("| build | init ms | first answer ms | first invocation ms | warm p50 ms | classes loaded | VmRSS after first MB "
                + "| init CPU ms | first answer CPU ms |\n");
        report.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        report.append(row("before", before));
        report.append(row("after", after));
        report.append(String.format(Locale.ROOT, "| after / before | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                ratio(after, before, Run::initMs), ratio(after, before, Run::firstAnswerMs),
                ratio(after, before, Run::firstInvocationMs), ratio(after, before, Run::warmP50Ms),
                ratio(after, before, r -> r.classes()), ratio(after, before, r -> r.rssKbAfterFirst()),
                ratio(after, before, Run::initCpuMs), ratio(after, before, Run::firstAnswerCpuMs)));
        if (recordings != null) {
            report.append(phases(before, beforeRecordings, after, afterRecordings));
        }
        report.append(perRun);
        Path out = Path.of("target", "harness-ab-figures.md");
        Files.writeString(out, report);
        System.out.println(report);
        assertThat(before).hasSize(runs);
        assertThat(after).hasSize(runs);
    }

    /**
     * Where each build's first answer spent its CPU ({@link ColdStartPhases}): each phase's share of the samples of
     * its recordings, and that share of the build's median first-answer CPU time.
     */
    private static String phases(List<Run> before, List<Path> beforeRecordings, List<Run> after, List<Path> afterRecordings)
            throws java.io.IOException {
        Map<ColdStartPhases.Phase, Long> b = ColdStartPhases.count(beforeRecordings);
        Map<ColdStartPhases.Phase, Long> a = ColdStartPhases.count(afterRecordings);
        double bTotal = b.values().stream().mapToLong(Long::longValue).sum();
        double aTotal = a.values().stream().mapToLong(Long::longValue).sum();
        double bCpu = ColdStarts.median(before, Run::firstAnswerCpuMs);
        double aCpu = ColdStarts.median(after, Run::firstAnswerCpuMs);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nWhere the first answer's CPU goes (JFR CPU-time samples of the recorded cold starts: %.0f before, %.0f after;"
                        + " ms: the share of the build's median first-answer CPU)%n%n", bTotal, aTotal));
        table.append("| phase | before % | before ms | after % | after ms |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (ColdStartPhases.Phase phase : ColdStartPhases.Phase.values()) {
            double bShare = bTotal == 0 ? 0 : b.get(phase) / bTotal;
            double aShare = aTotal == 0 ? 0 : a.get(phase) / aTotal;
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f | %.0f |%n", phase.label(), 100 * bShare,
                    bShare * bCpu, 100 * aShare, aShare * aCpu));
        }
        return table.append('\n').toString();
    }

    /** {@code A=1,B=,C}: A set to 1, B to the empty string, C removed (a null value: see {@code FunctionConfiguration}). */
    static Map<String, String> environmentChanges(String spec) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals == 0) {
                throw new IllegalArgumentException("harness.before.environment: no variable name in '" + entry + "'");
            }
            changes.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? null : entry.substring(equals + 1));
        }
        return changes;
    }

    private static String row(String build, List<Run> runs) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %d | %.0f | %.0f | %.0f |%n", build,
                ColdStarts.median(runs, Run::initMs), ColdStarts.median(runs, Run::firstAnswerMs),
                ColdStarts.median(runs, Run::firstInvocationMs), ColdStarts.median(runs, Run::warmP50Ms),
                (long) ColdStarts.median(runs, r -> r.classes()),
                ColdStarts.median(runs, r -> r.rssKbAfterFirst()) / 1024,
                ColdStarts.median(runs, Run::initCpuMs), ColdStarts.median(runs, Run::firstAnswerCpuMs));
    }

    private static double ratio(List<Run> after, List<Run> before, ToDoubleFunction<Run> value) {
        return ColdStarts.median(after, value) / ColdStarts.median(before, value);
    }
}
