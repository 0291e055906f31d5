package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One cold start measured the same way for every figure class of the harness ({@link ColdStartFiguresIT},
 * {@link ColdStartAbFiguresIT}, {@link TracingColdStartFiguresIT}, {@link ImageColdStartFiguresIT}): the iris
 * event to a new environment, then warm invocations of it in that environment, with what the environment's
 * process reports between them.
 */
final class ColdStarts {

    /** iris/1.1.0: the version the seeded endpoint iris routes to, so routed pre-loading loads it. */
    static final String IRIS = "apigw-v2-oip-infer-iris-1.1.0.json";

    private static final String RECORDING_NAME = "cold";

    /** The JFR settings of CPU-time samples that benchmarks/run.sh's flame stage uses too. */
    static final Path CPU_SAMPLES = Path.of("..", "benchmarks", "flame", "cpu.jfc").toAbsolutePath().normalize();

    /**
     * JVM options that record a cold start from the JVM's start with JFR's CPU-time sampler (benchmarks/flame/cpu.jfc,
     * deep stacks, so that a sample keeps the frames its phase is told by: {@link ColdStartPhases}); for
     * {@link #measure(EnvironmentPool, int, Path)}.
     */
    static final String RECORDING = "-XX:FlightRecorderOptions:stackdepth=1024 -XX:StartFlightRecording=name=" + RECORDING_NAME
            + ",settings=" + CPU_SAMPLES;

    private ColdStarts() {
    }

    /**
     * One cold start. {@code firstAnswerMs}: from the event's arrival to its posted response, as the caller waits;
     * {@code classes} and {@code classesFromArchive}: loaded after the first answer (in all, and from a CDS or AOT
     * archive); {@code initCpuMs} and {@code firstAnswerCpuMs}: the JVM's CPU time at those points.
     */
    record Run(double initMs, double firstAnswerMs, double firstInvocationMs, double warmP50Ms, double warmP99Ms,
            long classes, long classesFromArchive, long rssKbAfterFirst, long rssKbAfterWarm, double initCpuMs,
            double firstAnswerCpuMs) {
    }

    /** One cold start and {@code warmCount} warm invocations of the iris event in a new environment of {@code pool}. */
    static Run measure(EnvironmentPool pool, int warmCount) throws Exception {
        return measure(pool, warmCount, null);
    }

    /**
     * As {@link #measure(EnvironmentPool, int)}, in an environment started with {@link #RECORDING}'s options: once
     * the first answer is posted, the recording (the start to the first answer) is written to {@code recording} and
     * stopped.
     */
    static Run measure(EnvironmentPool pool, int warmCount, Path recording) throws Exception {
        try (pool) {
            byte[] event = SampleEvents.read(IRIS);
            long start = System.nanoTime();
            Invocation first = pool.invoke(event).get(180, TimeUnit.SECONDS);
            double firstAnswer = (System.nanoTime() - start) / 1e6;
            assertThat(first.outcome()).as(first.payloadText()).isEqualTo(Invocation.Outcome.RESPONSE);
            assertThat(ApiGatewayResponse.of(first).statusCode()).isEqualTo(200);
            ExecutionEnvironment environment = pool.environments().get(0);
            awaitIdle(environment);
            if (recording != null) {
                environment.jcmd("JFR.dump", "name=" + RECORDING_NAME, "filename=" + recording.toAbsolutePath());
                environment.jcmd("JFR.stop", "name=" + RECORDING_NAME);
            }
            long classes = environment.loadedClasses();
            long fromArchive = environment.loadedClassesFromArchive();
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
                    classes, fromArchive, rssFirst, rssWarm, environment.initCpuMillis(), environment.firstAnswerCpuMillis());
        }
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void awaitIdle(ExecutionEnvironment environment) throws InterruptedException {
        assertThat(environment.awaitIdle(Duration.ofSeconds(30))).as("environment waits for an event").isTrue();
    }
}
