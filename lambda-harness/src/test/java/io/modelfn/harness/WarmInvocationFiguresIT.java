package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.harness.floor.CannedAnswerHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Warm invocations of the built function on Lambda's terms, side by side in one run: the iris OIP event to
 * one environment per side, each frozen between its invocations, the sides' invocations interleaved one by
 * one so that what else the machine does weighs on all alike. Durations as {@link ColdStartFiguresIT} takes
 * them (from the event handed to the runtime to its posted response: Lambda's Duration), and the CPU time the
 * environment's process used per measured invocation (user and system, all its threads, from {@code /proc}),
 * which the machine's load does not inflate.
 *
 * <p>The sides: this build; this build with the after-response extension off
 * ({@code harness.warm.extension-off=true}); this build with the infer event through Quarkus's HTTP bridge rather
 * than the direct path ({@code harness.warm.direct-infer-off=true}); this build with other environment variables
 * ({@code harness.warm.env=NAME=VALUE[,NAME=VALUE...]}, e.g. a setting's alternative); this build launched as Java
 * 25's runtime launches SnapStart's versions, with the JVM's full tiering instead of C1 only
 * ({@code harness.warm.full-tiering=true}: {@link JvmLaunch#fullTiering}); an earlier build
 * ({@code harness.warm.before.zip=<function.zip>}); the runtime's floor ({@code harness.warm.floor=true}: {@link
 * CannedAnswerHandler}, which only reads the event and posts this build's answer to it, on the same launch line;
 * {@code harness.warm.floor.idle-threads=N} adds the same floor with N threads that only wait beside it).
 * {@code harness.warm.jfr=<folder>} records each side's measured invocations with JFR (CPU-time samples,
 * {@code benchmarks/flame/cpu.jfc}) into that folder: for finding where the time goes, not for figures.
 * Results go to {@code target/harness-warm-figures.md}. Run: {@code ./mvnw -o -B -ntp -pl lambda-harness -am
 * verify -Dharness.figures=true -Dit.test=WarmInvocationFiguresIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false} and the properties above.
 */
@EnabledIfSystemProperty(named = "harness.figures", matches = "true")
class WarmInvocationFiguresIT {

    private static final String IRIS = "apigw-v2-oip-infer-iris-1.1.0.json";
    /** The side of {@link CannedAnswerHandler}: the runtime's floor. */
    private static final String FLOOR = "floor: a handler that only reads the event and writes the same answer";
    /** The unit of {@link ExecutionEnvironment#cpuTicks()} ({@code getconf CLK_TCK} on Linux). */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    /** How long a warm invocation may take before its side counts as hung. */
    private static final int HANG_SECONDS = 30;

    @Test
    void warm_invocations_should_be_measured_side_by_side() throws Exception {
        LambdaHarness harness = LambdaHarness.shared();
        int warmUp = Integer.getInteger("harness.warm.warmup", 100);
        int count = Integer.getInteger("harness.warm.count", 300);
        String jfr = System.getProperty("harness.warm.jfr", "");
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

        Map<String, EnvironmentPool> sides = new LinkedHashMap<>();
        String beforeZip = System.getProperty("harness.warm.before.zip", "");
        if (!beforeZip.isBlank()) {
            sides.put("before", harness.newPoolOf("warm-before", Path.of(beforeZip), profiled(jfr, "before")));
        }
        sides.put("after", harness.newPool("warm-after", true, profiled(jfr, "after")));
        if (Boolean.getBoolean("harness.warm.extension-off")) {
            Map<String, String> off = profiled(jfr, "after-extension-off");
            off.put("MODELFN_AFTER_RESPONSE", "off");
            sides.put("after, extension off", harness.newPool("warm-after-off", true, off));
        }
        if (Boolean.getBoolean("harness.warm.direct-infer-off")) {
            Map<String, String> bridged = profiled(jfr, "after-direct-infer-off");
            bridged.put("MODELFN_LAMBDA_DIRECT_INFER", "false");
            sides.put("after, direct infer off", harness.newPool("warm-after-bridged", true, bridged));
        }
        if (Boolean.getBoolean("harness.warm.full-tiering")) {
            sides.put("after, full tiering", harness.newPoolWithFullTiering("warm-after-c2", profiled(jfr, "after-full-tiering")));
        }
        String variant = System.getProperty("harness.warm.env", "");
        if (!variant.isBlank()) {
            Map<String, String> overrides = profiled(jfr, "after-env");
            for (String pair : variant.split(",")) {
                String[] nameValue = pair.split("=", 2);
                overrides.put(nameValue[0].trim(), nameValue.length > 1 ? nameValue[1].trim() : "");
            }
            sides.put("after, " + variant, harness.newPool("warm-after-env", true, overrides));
        }
        byte[] event = SampleEvents.read(IRIS);
        Map<String, double[]> durations = new LinkedHashMap<>();
        Map<String, Long> cpuTicks = new LinkedHashMap<>();
        Map<String, Integer> measured = new LinkedHashMap<>();
        Map<String, Integer> hung = new LinkedHashMap<>();
        try {
            byte[] answer = null;
            for (var side : sides.entrySet()) {
                Invocation first = side.getValue().invoke(event).get(180, TimeUnit.SECONDS);
                assertThat(first.outcome()).as(first.payloadText()).isEqualTo(Invocation.Outcome.RESPONSE);
                durations.put(side.getKey(), new double[count]);
                if (side.getKey().equals("after")) {
                    answer = first.payload();
                }
            }
            if (Boolean.getBoolean("harness.warm.floor")) {
                Map<String, String> floors = new LinkedHashMap<>();
                floors.put(FLOOR, "0");
                String idle = System.getProperty("harness.warm.floor.idle-threads", "");
                if (!idle.isBlank()) {
                    floors.put("floor with " + idle + " idle threads", idle);
                }
                Path zip = floorZip();
                for (var floorSide : floors.entrySet()) {
                    Map<String, String> environment = profiled(jfr, "floor");
                    environment.put(CannedAnswerHandler.ANSWER, Base64.getEncoder().encodeToString(answer));
                    environment.put(CannedAnswerHandler.IDLE_THREADS, floorSide.getValue());
                    EnvironmentPool floor = harness.newPoolOf("warm-floor-" + floorSide.getValue(), zip,
                            CannedAnswerHandler.class.getName() + "::handleRequest", environment);
                    sides.put(floorSide.getKey(), floor);
                    Invocation first = floor.invoke(event).get(180, TimeUnit.SECONDS);
                    assertThat(first.outcome()).as(first.payloadText()).isEqualTo(Invocation.Outcome.RESPONSE);
                    assertThat(first.payload()).isEqualTo(answer);
                    durations.put(floorSide.getKey(), new double[count]);
                }
            }
            for (int i = -warmUp; i < count; i++) {
                if (i == 0) {
                    for (var side : sides.entrySet()) {
                        ExecutionEnvironment environment = side.getValue().environments().get(0);
                        environment.awaitIdle(Duration.ofSeconds(30));
                        cpuTicks.put(side.getKey(), environment.cpuTicks());
                    }
                }
                if (i == 0 && !jfr.isBlank()) {
                    for (EnvironmentPool pool : sides.values()) {
                        ExecutionEnvironment environment = pool.environments().get(0);
                        environment.awaitIdle(Duration.ofSeconds(30));
                        environment.jcmd("JFR.start", "name=warm", "settings=" + ColdStarts.CPU_SAMPLES,
                                "jdk.CPUTimeSample#throttle=1ms", "jdk.ExecutionSample#period=1ms");
                    }
                }
                for (var side : sides.entrySet()) {
                    if (hung.containsKey(side.getKey())) {
                        continue;
                    }
                    ExecutionEnvironment environment = side.getValue().environments().get(0);
                    assertThat(environment.awaitIdle(Duration.ofSeconds(30))).as("environment waits for an event").isTrue();
                    Invocation next;
                    try {
                        next = side.getValue().invoke(event).get(HANG_SECONDS, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        // Kept apart, with the threads of the process that holds the event, so the other sides go on.
                        Path dump = Path.of("target", "harness-warm-hung-" + side.getKey().replaceAll("[^a-z]+", "-") + ".txt");
                        Files.writeString(dump, environment.jcmd("Thread.print"));
                        hung.put(side.getKey(), i + warmUp + 1);
                        continue;
                    }
                    assertThat(next.environment()).isEqualTo(environment.id());
                    assertThat(ApiGatewayResponse.of(next).statusCode()).isEqualTo(200);
                    if (i >= 0) {
                        durations.get(side.getKey())[i] = next.durationMillis();
                        measured.merge(side.getKey(), 1, Integer::sum);
                    }
                }
            }
            for (var side : sides.entrySet()) {
                if (hung.containsKey(side.getKey())) {
                    continue;
                }
                ExecutionEnvironment environment = side.getValue().environments().get(0);
                environment.awaitIdle(Duration.ofSeconds(30));
                cpuTicks.merge(side.getKey(), environment.cpuTicks(), (before, after) -> after - before);
            }
            if (!jfr.isBlank()) {
                for (var side : sides.entrySet()) {
                    if (hung.containsKey(side.getKey())) {
                        continue;
                    }
                    ExecutionEnvironment environment = side.getValue().environments().get(0);
                    environment.awaitIdle(Duration.ofSeconds(30));
                    environment.jcmd("JFR.stop", "name=warm", "filename=" + jfrFile(jfr, side.getKey()));
                }
            }
        } finally {
            sides.values().forEach(EnvironmentPool::close);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Function %s, %d MB; %s, %d warm-up and %d measured invocations per side,"
                + " interleaved, one core; JDK %s%s%n%n", harness.function().functionName(), harness.function().memoryMb(),
                IRIS, warmUp, count, Runtime.version(), jfr.isBlank() ? "" : "; profiled with JFR (not figures)"));
        report.append("/proc/loadavg before: ").append(loadBefore).append("; after: ").append(loadAfter).append("\n\n");
        report.append("| side | measured | p50 ms | p90 ms | p99 ms | mean ms | CPU ms per invocation |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (var side : durations.entrySet()) {
            int n = measured.getOrDefault(side.getKey(), 0);
            double[] sorted = Arrays.copyOf(side.getValue(), n);
            Arrays.sort(sorted);
            Long ticks = hung.containsKey(side.getKey()) ? null : cpuTicks.get(side.getKey());
            report.append(String.format(Locale.ROOT, "| %s | %d%s | %.2f | %.2f | %.2f | %.2f | %s |%n", side.getKey(), n,
                    hung.containsKey(side.getKey()) ? " (invocation " + hung.get(side.getKey()) + " got no answer in "
                            + HANG_SECONDS + " s)" : "",
                    percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                    Arrays.stream(sorted).average().orElse(Double.NaN),
                    ticks == null ? "" : String.format(Locale.ROOT, "%.2f", ticks * 1000.0 / CLOCK_TICKS_PER_SECOND / n)));
        }
        Path out = Path.of("target", "harness-warm-figures.md");
        Files.writeString(out, report);
        System.out.println(report);
        // An earlier build may hang (it is measured as it is); this build must answer every invocation.
        assertThat(hung.keySet()).as("sides with an invocation that got no answer").allMatch("before"::equals);
        assertThat(measured).containsEntry("after", count);
    }

    /** A function.zip holding only {@link CannedAnswerHandler}, from this module's test classes. */
    private static Path floorZip() throws Exception {
        String entry = CannedAnswerHandler.class.getName().replace('.', '/') + ".class";
        Path zip = Files.createDirectories(Path.of("target", "harness-floor")).resolve("function.zip");
        try (InputStream in = CannedAnswerHandler.class.getClassLoader().getResourceAsStream(entry);
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            assertThat(in).as(entry).isNotNull();
            out.putNextEntry(new ZipEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return zip.toAbsolutePath();
    }

    /** The side's environment variables: exact frames in JFR's samples when {@code jfr} names a folder. */
    private static Map<String, String> profiled(String jfr, String side) {
        Map<String, String> overrides = new HashMap<>();
        if (!jfr.isBlank()) {
            overrides.put("JAVA_TOOL_OPTIONS", "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints");
        }
        return overrides;
    }

    private static Path jfrFile(String folder, String side) throws java.io.IOException {
        return Files.createDirectories(Path.of(folder).toAbsolutePath()).resolve(side.replaceAll("[^a-z]+", "-") + ".jfr");
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
