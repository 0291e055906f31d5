package io.modelfn.harness;

import static io.modelfn.harness.ColdStarts.median;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.harness.ColdStarts.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cold-start figures of the container image against function.zip (benchmarks/run.sh harness-image), in one
 * run on one core: the zip on the managed runtime's launch line, the image's entry point with its AOT cache,
 * and the same entry point without it. The image is the staged root file system of
 * {@code images/lambda-image/stage-root.sh} ({@code image.root}); its cache is trained first, by
 * {@link AotCacheTraining}, on the same launch line. The three take turns in each round, so that a change of
 * the machine's load falls on all of them. With {@code harness.before.zip} (an earlier build's function.zip, e.g.
 * the commit before a change), that zip takes its turn first in each round and the ratios are to it, as the
 * targets are; without it, to this build's zip. Medians over the rounds go to {@code target/harness-image-figures.md}.
 */
@EnabledIfSystemProperty(named = "harness.figures", matches = "true")
@EnabledIfSystemProperty(named = "image.root", matches = ".+")
class ImageColdStartFiguresIT {

    private static final int WARM = 200;
    private static final String WITH_CACHE = "image, entry point with its AOT cache";
    private static final String WITHOUT_CACHE = "image, entry point without the cache";


    @Test
    void image_with_its_aot_cache_should_be_measured_against_the_zip() throws Exception {
        LambdaHarness harness = LambdaHarness.shared();
        ImageRoot image = new ImageRoot(Path.of(System.getProperty("image.root")));
        int runs = Integer.getInteger("harness.figures.runs", 5);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        long trainingStart = System.nanoTime();
        Path cache = AotCacheTraining.train(harness, image, SampleEvents.read(ColdStarts.IRIS));
        double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;

        Map<String, Function<String, EnvironmentPool>> launches = new LinkedHashMap<>();
        String beforeZip = System.getProperty("harness.before.zip", "");
        if (!beforeZip.isBlank()) {
            Path before = Path.of(beforeZip);
            assertThat(before).isRegularFile();
            launches.put("earlier build's zip (harness.before.zip), managed runtime's launch line",
                    name -> harness.newPoolOf(name, before, Map.of()));
        }
        launches.put("function.zip, managed runtime's launch line", name -> harness.newPool(name, true, Map.of()));
        launches.put(WITH_CACHE,
                name -> harness.newPool(name, new ImageLaunch(image, ImageLaunch.Cache.USE), Map.of()));
        launches.put(WITHOUT_CACHE,
                name -> harness.newPool(name, new ImageLaunch(image, ImageLaunch.Cache.NONE), Map.of()));
        Map<String, List<Run>> measured = new LinkedHashMap<>();
        launches.keySet().forEach(launch -> measured.put(launch, new ArrayList<>()));
        for (int run = 0; run < runs; run++) {
            int index = 0;
            for (Map.Entry<String, Function<String, EnvironmentPool>> launch : launches.entrySet()) {
                String pool = "figures-image-" + index++ + "-" + run;
                Run r = ColdStarts.measure(launch.getValue().apply(pool), WARM);
                measured.get(launch.getKey()).add(r);
            }
            // After every round, so that the rounds done so far are kept if a later one fails.
            writeReport(harness, image, cache, trainingSeconds, loadBefore, beforeZip, run + 1, measured);
        }

        // The cache was used: the image's own classes come from it (without it, only the JDK's default archive's).
        List<Run> withCache = measured.get(WITH_CACHE);
        List<Run> withoutCache = measured.get(WITHOUT_CACHE);
        assertThat(median(withCache, r -> r.classesFromArchive())).isGreaterThan(2 * median(withoutCache, r -> r.classesFromArchive()));
    }

    private static void writeReport(LambdaHarness harness, ImageRoot image, Path cache, double trainingSeconds,
            String loadBefore, String beforeZip, int runs, Map<String, List<Run>> measured) throws java.io.IOException {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Function %s, %d MB, handler %s; %d cold starts each, one core, in turns; "
                + "harness JDK %s; image root %s%n", harness.function().functionName(), harness.function().memoryMb(),
                harness.function().handler(), runs, Runtime.version(), image.root()));
        report.append(String.format(Locale.ROOT, "AOT cache: %.1f MB, trained in %.0f s; /proc/loadavg before: %s, after: %s%n%n",
                Files.size(cache) / 1048576.0, trainingSeconds, loadBefore, Files.readString(Path.of("/proc/loadavg")).trim()));
        if (!beforeZip.isBlank()) {
            report.append("Earlier build's zip: ").append(beforeZip).append("\n\n");
        }
        report.append("| launch | init ms | first answer ms | first invocation ms | warm p50 ms | warm p99 ms | classes loaded "
                + "| of them from an archive | VmRSS after first MB | VmRSS after warm MB | first answer / first row's |\n");
        report.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double zipFirstAnswer = median(measured.values().iterator().next(), Run::firstAnswerMs);
        for (Map.Entry<String, List<Run>> entry : measured.entrySet()) {
            List<Run> of = entry.getValue();
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %d | %d | %.0f | %.0f | %.2f |%n",
                    entry.getKey(), median(of, Run::initMs), median(of, Run::firstAnswerMs), median(of, Run::firstInvocationMs),
                    median(of, Run::warmP50Ms), median(of, Run::warmP99Ms), (long) median(of, r -> r.classes()),
                    (long) median(of, r -> r.classesFromArchive()), median(of, r -> r.rssKbAfterFirst()) / 1024,
                    median(of, r -> r.rssKbAfterWarm()) / 1024, median(of, Run::firstAnswerMs) / zipFirstAnswer));
        }
        for (Map.Entry<String, List<Run>> entry : measured.entrySet()) {
            for (Run r : entry.getValue()) {
                report.append(String.format(Locale.ROOT, "<!-- %s: %s -->%n", entry.getKey(), r));
            }
        }
        Path out = Path.of("target", "harness-image-figures.md");
        Files.writeString(out, report);
        System.out.println(report);
    }
}
