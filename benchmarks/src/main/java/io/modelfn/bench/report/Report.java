package io.modelfn.bench.report;

import io.modelfn.bench.report.JmhResults.Fork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Reads what {@code benchmarks/run.sh} left in a results folder and prints the Markdown tables of
 * docs/PERFORMANCE.md, drawing the charts next to them. Every file is optional; a missing one is
 * skipped.
 *
 * <ul>
 *   <li>{@code overhead*.json}: JMH {@code PredictionOverheadBenchmark}, one fork per run;</li>
 *   <li>{@code throughput*.json}: JMH {@code HeavyModelThroughputBenchmark};</li>
 *   <li>{@code http.csv}: {@code samples/load/HttpLoad.java} against the local runner (latency, throughput,
 *       resident memory), compared with the raw ONNX Runtime figures of {@code overhead*.json};</li>
 *   <li>{@code load-times.csv}: {@code ModelLoadTimes};</li>
 *   <li>{@code fixes.csv}: the local runner before and after the hot-path fixes, loaded in the same runs;</li>
 *   <li>{@code resultcache*.json}, {@code batching*.json}: see {@link SpeedupTables}.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.modelfn.bench.report.Report benchmarks/target/results docs/img
 * </pre>
 *
 * <p>Over 400 lines on purpose: one method per table of docs/PERFORMANCE.md, in the page's order.
 */
public final class Report {

    private static final List<String> MODELS = List.of("iris/1.1.0", "digits/1.0.0", "wide-mlp/1.0.0");

    private final Path results;
    private final Path images;

    private Report(Path results, Path images) {
        this.results = results;
        this.images = images;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report RESULTS_DIR IMAGE_DIR");
            System.exit(2);
        }
        Report report = new Report(Path.of(args[0]), Path.of(args[1]));
        report.overhead();
        report.throughput();
        report.throughputAb();
        report.http();
        report.memory();
        report.loadTimes();
        report.fixes();
        SpeedupTables speedups = new SpeedupTables(report.results, report.images, Path.of("models"));
        speedups.resultCache();
        speedups.batching();
        speedups.quantised();
    }

    private void overhead() throws IOException {
        List<Fork> forks = JmhResults.readAll(results, "overhead");
        if (forks.isEmpty()) {
            return;
        }
        System.out.println("### In-process latency (µs), per run (JMH fork) and median\n");
        System.out.println("| model | run | raw ORT p50 | p99 | engine p50 | p99 | service p50 | p99 | decode p50 | encode p50 "
                + "| **overhead p50** | overhead p99 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        List<String> models = models(forks);
        double[][] medians = new double[models.size()][];
        for (int m = 0; m < models.size(); m++) {
            String model = models.get(m);
            int runs = runs(forks, model);
            List<double[]> rows = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Fork raw = find(forks, "rawOrt", model, run);
                Fork engine = find(forks, "engine", model, run);
                Fork service = find(forks, "service", model, run);
                Fork decode = find(forks, "decode", model, run);
                Fork encode = find(forks, "encode", model, run);
                double[] row = {raw.p50(), raw.p99(), engine.p50(), engine.p99(), service.p50(), service.p99(),
                    decode == null ? Double.NaN : decode.p50(), encode == null ? Double.NaN : encode.p50(),
                    service.p50() - raw.p50(), service.p99() - raw.p99()};
                rows.add(row);
                System.out.println(row(model, Integer.toString(run), row));
            }
            double[] median = new double[rows.get(0).length];
            for (int c = 0; c < median.length; c++) {
                int col = c;
                median[c] = JmhResults.median(rows.stream().mapToDouble(r -> r[col]).toArray());
            }
            medians[m] = median;
            System.out.println(row("**" + model + "**", "**median**", median));
        }
        System.out.println();
        // Full keys: wide-mlp comes as float (1.0.0) and INT8 (1.1.0).
        List<String> names = models;
        new Chart("Prediction path over raw ORT, in process (median of runs; below 0: noise, not drawn)",
                "µs over raw ORT", false)
                .xLabel("model (batch of 8)")
                .series("overhead p50", column(medians, 8))
                .series("overhead p99", column(medians, 9))
                .reference("target: p50 overhead ≤ 50 µs", 50)
                .bars(names, images.resolve("inprocess-overhead.png"));
        new Chart("In-process latency p50 (median of runs), log scale", "µs", true)
                .xLabel("model (batch of 8)")
                .series("raw ONNX Runtime", column(medians, 0))
                .series("engine", column(medians, 2))
                .series("prediction service (JSON in, JSON out)", column(medians, 4))
                .bars(names, images.resolve("inprocess-latency.png"));
    }

    private void throughput() throws IOException {
        List<Fork> forks = JmhResults.readAll(results, "throughput");
        if (forks.isEmpty()) {
            return;
        }
        System.out.println("### Heavy model throughput (requests/s), per run (JMH fork)\n");
        System.out.println("| intra-op threads (0: one per core), model | run | raw ORT | prediction service | service / raw |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String model : models(forks)) {
            List<Double> ratios = new ArrayList<>();
            List<Double> raws = new ArrayList<>();
            List<Double> services = new ArrayList<>();
            for (int run = 1; run <= runs(forks, model); run++) {
                double raw = find(forks, "rawOrt", model, run).score();
                double service = find(forks, "service", model, run).score();
                ratios.add(service / raw);
                raws.add(raw);
                services.add(service);
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f %% |%n", model.replace(",", ", "), run, raw,
                        service, 100 * service / raw);
            }
            System.out.printf(Locale.ROOT, "| **%s** | **median** | %.1f | %.1f | **%.1f %%** |%n", model.replace(",", ", "),
                    median(raws), median(services), 100 * median(ratios));
        }
        System.out.println();
    }

    /** {@code throughput-ab.csv} of {@code ThroughputAb}: windows of raw ORT, engine and service side by side. */
    private void throughputAb() throws IOException {
        Path file = results.resolve("throughput-ab.csv");
        if (!Files.exists(file)) {
            return;
        }
        List<String[]> rows = Files.readAllLines(file).stream().skip(1).map(l -> l.split(",")).toList();
        System.out.println("### Heavy model throughput as an A/B test: alternating windows in one JVM (requests/s)\n");
        System.out.println("| model | threads | intra-op threads | rounds | raw ORT | engine | prediction service "
                + "| engine / raw | **service / raw** | service / raw, range over rounds |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Map<String, List<String[]>> bySetting = new LinkedHashMap<>();
        rows.forEach(r -> bySetting.computeIfAbsent(r[0] + "," + r[1] + "," + r[2], k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<String[]>> setting : bySetting.entrySet()) {
            Map<Integer, Map<String, Double>> rounds = new TreeMap<>();
            for (String[] r : setting.getValue()) {
                rounds.computeIfAbsent(Integer.parseInt(r[3]), k -> new LinkedHashMap<>()).put(r[4], Double.parseDouble(r[5]));
            }
            double[] raw = rounds.values().stream().mapToDouble(m -> m.get("raw")).toArray();
            double[] engine = rounds.values().stream().mapToDouble(m -> m.get("engine")).toArray();
            double[] service = rounds.values().stream().mapToDouble(m -> m.get("service")).toArray();
            double[] engineRatio = rounds.values().stream().mapToDouble(m -> m.get("engine") / m.get("raw")).toArray();
            double[] serviceRatio = rounds.values().stream().mapToDouble(m -> m.get("service") / m.get("raw")).toArray();
            String[] s = setting.getKey().split(",");
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %.0f | %.0f | %.1f %% | **%.1f %%** | %.1f to %.1f %% |%n",
                    s[0], s[1], s[2], rounds.size(), JmhResults.median(raw), JmhResults.median(engine),
                    JmhResults.median(service), 100 * JmhResults.median(engineRatio), 100 * JmhResults.median(serviceRatio),
                    100 * java.util.Arrays.stream(serviceRatio).min().orElse(Double.NaN),
                    100 * java.util.Arrays.stream(serviceRatio).max().orElse(Double.NaN));
        }
        System.out.println();
    }

    private void http() throws IOException {
        Path file = results.resolve("http.csv");
        if (!Files.exists(file)) {
            return;
        }
        // label = <model>-r<run>; columns as HttpLoad writes them
        List<String[]> rows = Files.readAllLines(file).stream().skip(1).map(l -> l.split(",", -1)).toList();
        Map<String, Map<String, List<String[]>>> byModel = new TreeMap<>();
        for (String[] r : rows) {
            String model = r[0].replaceAll("-r\\d+$", "");
            byModel.computeIfAbsent(model, k -> new TreeMap<>(Comparator.comparing((String step) -> step.split(",")[0])
                    .thenComparingInt(step -> Integer.parseInt(step.split(",")[1]))))
                    .computeIfAbsent(r[1] + "," + r[2], k -> new ArrayList<>()).add(r);
        }
        Map<String, Double> rawP50 = new LinkedHashMap<>();
        // The floor: raw ONNX Runtime on the same input in a JVM of its own (JMH, same machine, same run).
        List<Fork> forks = JmhResults.readAll(results, "overhead").stream().filter(f -> f.benchmark().equals("rawOrt"))
                .toList();
        if (!forks.isEmpty()) {
            // The versions the HTTP stage loads (labels carry the model's name only).
            for (String model : MODELS) {
                double p50 = rawOrtP50Micros(forks, model);
                if (!Double.isNaN(p50)) {
                    rawP50.put(shortName(model), p50 / 1000.0); // µs -> ms
                }
            }
        }
        System.out.println("### HTTP on loopback (local runner), median of runs\n");
        System.out.println("| model | mode | concurrency | runs | requests/s | p50 ms | p90 ms | p99 ms | raw ORT p50 ms "
                + "| **p50 over raw ORT µs** |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        List<String> models = new ArrayList<>(byModel.keySet());
        double[] concurrencies = {1, 4, 16, 64};
        Map<String, double[]> p50 = new LinkedHashMap<>();
        Map<String, double[]> p99 = new LinkedHashMap<>();
        Map<String, double[]> rps = new LinkedHashMap<>();
        for (String model : models) {
            p50.put(model, nanArray(concurrencies.length));
            p99.put(model, nanArray(concurrencies.length));
            rps.put(model, nanArray(concurrencies.length));
            for (Map.Entry<String, List<String[]>> step : byModel.get(model).entrySet()) {
                String mode = step.getKey().split(",")[0];
                int c = Integer.parseInt(step.getKey().split(",")[1]);
                if (mode.equals("rest")) {
                    continue;
                }
                List<String[]> runs = step.getValue();
                double medRps = median(runs, r -> Double.parseDouble(r[6]));
                double medP50 = median(runs, r -> Double.parseDouble(r[7]));
                double medP90 = median(runs, r -> Double.parseDouble(r[8]));
                double medP99 = median(runs, r -> Double.parseDouble(r[9]));
                Double rawMs = rawP50.get(model);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.3f | %.3f | %.3f | %s | %s |%n", model,
                        mode, c, runs.size(), medRps, medP50, medP90, medP99,
                        rawMs == null ? "" : String.format(Locale.ROOT, "%.3f", rawMs),
                        rawMs == null || c != 1 || !mode.equals("closed") ? ""
                                : String.format(Locale.ROOT, "**%.0f**", (medP50 - rawMs) * 1000));
                int index = indexOf(concurrencies, c);
                if (mode.equals("closed") && index >= 0) {
                    p50.get(model)[index] = medP50;
                    p99.get(model)[index] = medP99;
                    rps.get(model)[index] = medRps;
                }
            }
        }
        System.out.println();
        Chart latency = new Chart("HTTP latency on loopback, closed loop (median of runs), log scale", "ms", true)
                .xLabel("concurrent connections");
        for (String model : models) {
            latency.series(model + " p50", p50.get(model));
            latency.series(model + " p99", p99.get(model));
        }
        latency.lines(concurrencies, true, images.resolve("http-latency.png"));
        Chart throughput = new Chart("HTTP throughput on loopback, closed loop (median of runs)", "requests/s", false)
                .xLabel("concurrent connections");
        for (String model : models) {
            throughput.series(model, rps.get(model));
        }
        throughput.lines(concurrencies, true, images.resolve("http-throughput.png"));
    }

    private void loadTimes() throws IOException {
        Path file = results.resolve("load-times.csv");
        if (!Files.exists(file)) {
            return;
        }
        List<String[]> rows = Files.readAllLines(file).stream().skip(1).map(l -> l.split(",")).toList();
        Set<Integer> sizes = new LinkedHashSet<>();
        rows.forEach(r -> sizes.add(Integer.parseInt(r[1])));
        System.out.println("### Cold model load (ms), median of runs\n");
        System.out.println("| size | bytes | source | runs | cold load (ModelCache) | fetch + sha256 alone | session alone |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        List<Integer> sizeList = new ArrayList<>(sizes);
        double[] xs = sizeList.stream().mapToDouble(Integer::doubleValue).toArray();
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (String source : List.of("local", "s3")) {
            double[] total = nanArray(xs.length);
            double[] session = nanArray(xs.length);
            for (int i = 0; i < sizeList.size(); i++) {
                int size = sizeList.get(i);
                List<String[]> runs = rows.stream().filter(r -> r[3].equals(source) && Integer.parseInt(r[1]) == size)
                        .toList();
                if (runs.isEmpty()) {
                    continue;
                }
                total[i] = median(runs, r -> Double.parseDouble(r[4]));
                session[i] = median(runs, r -> Double.parseDouble(r[6]));
                System.out.printf(Locale.ROOT, "| %d MB | %,d | %s | %d | **%.0f** | %.0f | %.0f |%n", size,
                        Long.parseLong(runs.get(0)[2]), source, runs.size(), total[i],
                        median(runs, r -> Double.parseDouble(r[5])), session[i]);
            }
            totals.put(source + " cold load", total);
            if (source.equals("local")) {
                totals.put("session alone", session);
            }
        }
        System.out.println();
        Chart chart = new Chart("Cold model load time against model size (median of runs), log-log", "ms", true)
                .xLabel("model size (MB)");
        totals.forEach(chart::series);
        chart.lines(xs, true, images.resolve("model-load-time.png"));
    }

    /**
     * {@code fixes.csv}: the local runner before the hot-path fixes ({@code before-<model>-r<run>}) and
     * after them ({@code after-...}), loaded in the same runs by one client alternating between them.
     */
    private void fixes() throws IOException {
        Path file = results.resolve("fixes.csv");
        if (!Files.exists(file)) {
            return;
        }
        List<String[]> rows = Files.readAllLines(file).stream().skip(1).map(l -> l.split(",", -1))
                .filter(r -> r[1].equals("closed")).toList();
        System.out.println("### Before and after the hot-path fixes: HTTP on loopback, both runners loaded in the same runs "
                + "(median of runs)\n");
        System.out.println("Each connection sends to the two runners in turn, so both see the same request rate: the "
                + "latencies are what differs.\n");
        System.out.println("| model | concurrency | runs | req/s (each) | before p50 ms | after p50 ms "
                + "| before p99 ms | after p99 ms | **p50 change** |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Set<String> models = new LinkedHashSet<>();
        Set<Integer> concurrencies = new java.util.TreeSet<>();
        for (String[] r : rows) {
            models.add(r[0].replaceAll("^(before|after)-", "").replaceAll("-r\\d+$", ""));
            concurrencies.add(Integer.parseInt(r[2]));
        }
        List<String> categories = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (String model : models) {
            for (int c : concurrencies) {
                List<String[]> b = rows.stream().filter(r -> r[0].matches("before-" + model + "-r\\d+")
                        && Integer.parseInt(r[2]) == c).toList();
                List<String[]> a = rows.stream().filter(r -> r[0].matches("after-" + model + "-r\\d+")
                        && Integer.parseInt(r[2]) == c).toList();
                if (b.isEmpty() || a.isEmpty()) {
                    continue;
                }
                double bP50 = median(b, r -> Double.parseDouble(r[7]));
                double aP50 = median(a, r -> Double.parseDouble(r[7]));
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.3f | %.3f | %.3f | %.3f | **%+.1f %%** |%n",
                        model, c, a.size(), median(a, r -> Double.parseDouble(r[6])), bP50, aP50,
                        median(b, r -> Double.parseDouble(r[9])), median(a, r -> Double.parseDouble(r[9])),
                        100 * (aP50 - bP50) / bP50);
                categories.add(model + " c=" + c);
                before.add(bP50);
                after.add(aP50);
            }
        }
        System.out.println();
        new Chart("Hot-path fixes: HTTP p50 latency before and after (median of runs)", "ms", false)
                .series("before", before.stream().mapToDouble(Double::doubleValue).toArray())
                .series("after", after.stream().mapToDouble(Double::doubleValue).toArray())
                .bars(categories, images.resolve("fixes.png"));
    }

    /** Resident memory of the local runner ({@code http.csv}'s rss_mb): at rest, and at the end of each load step. */
    private void memory() throws IOException {
        Path file = results.resolve("http.csv");
        if (!Files.exists(file)) {
            return;
        }
        List<String[]> rows = Files.readAllLines(file).stream().skip(1).map(l -> l.split(",", -1))
                .filter(r -> r.length > 11 && !r[11].isEmpty()).toList();
        if (rows.isEmpty()) {
            return;
        }
        System.out.println("### Resident memory of the local runner (VmRSS, MB; median of runs)\n");
        System.out.printf(Locale.ROOT, "At rest: %.0f MB, the runner just started (embedded DynamoDB Local included, "
                + "`-Xmx1536m`) with iris, digits and wide-mlp loaded by one request each, before any load. Then, "
                + "through the runs, before and after each model's load steps:%n%n", Double.parseDouble(rows.get(0)[11]));
        System.out.println("| model under load | before its steps | after c=1 | after c=4 | after c=16 | after c=64 |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        Set<String> models = new LinkedHashSet<>();
        rows.forEach(r -> models.add(r[0].replaceAll("-r\\d+$", "")));
        for (String model : models) {
            List<String[]> mine = rows.stream().filter(r -> r[0].matches(model + "-r\\d+")).toList();
            StringBuilder line = new StringBuilder("| " + model + " | ");
            line.append(String.format(Locale.ROOT, "%.0f",
                    median(mine.stream().filter(r -> r[1].equals("rest")).toList(), r -> Double.parseDouble(r[11]))));
            for (int c : new int[] {1, 4, 16, 64}) {
                List<String[]> step = mine.stream().filter(r -> r[1].equals("closed") && Integer.parseInt(r[2]) == c)
                        .toList();
                line.append(" | ").append(step.isEmpty() ? "" : String.format(Locale.ROOT, "%.0f",
                        median(step, r -> Double.parseDouble(r[11]))));
            }
            System.out.println(line.append(" |"));
        }
        System.out.println();
    }

    private static double median(List<Fork> forks, String benchmark, String model, ToDoubleFunction<Fork> value) {
        return JmhResults.median(forks.stream().filter(f -> f.benchmark().equals(benchmark) && f.params().equals(model))
                .mapToDouble(value).toArray());
    }

    private static double median(List<String[]> rows, ToDoubleFunction<String[]> value) {
        return JmhResults.median(rows.stream().mapToDouble(value).toArray());
    }

    private static double median(List<Double> values) {
        return JmhResults.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The median over forks of raw ONNX Runtime's p50 for {@code model} at the runner's default intra-op threads (the
     * benchmark's {@code intraOpThreads=0}: params {@code "0,<model>"}; results from before that parameter: {@code
     * "<model>"}), NaN when there is none.
     */
    static double rawOrtP50Micros(List<Fork> forks, String model) {
        double[] p50s = forks.stream().filter(f -> f.benchmark().equals("rawOrt"))
                .filter(f -> f.params().equals(model) || f.params().equals("0," + model))
                .mapToDouble(Fork::p50).toArray();
        return JmhResults.median(p50s);
    }

    private static List<String> models(List<Fork> forks) {
        Set<String> present = forks.stream().map(Fork::params).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> ordered = new ArrayList<>(MODELS.stream().filter(present::contains).toList());
        present.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        return ordered;
    }

    private static int runs(List<Fork> forks, String model) {
        return forks.stream().filter(f -> f.params().equals(model)).mapToInt(Fork::fork).max().orElse(0);
    }

    private static Fork find(List<Fork> forks, String benchmark, String model, int run) {
        return forks.stream().filter(f -> f.benchmark().equals(benchmark) && f.params().equals(model) && f.fork() == run)
                .findFirst().orElse(null);
    }

    private static String shortName(String model) {
        return model.contains("/") ? model.substring(0, model.indexOf('/')) : model;
    }

    private static String row(String model, String run, double[] values) {
        StringBuilder line = new StringBuilder("| " + model + " | " + run + " |");
        for (int i = 0; i < values.length; i++) {
            String text = Double.isNaN(values[i]) ? "" : String.format(Locale.ROOT, "%.1f", values[i]);
            line.append(' ').append(i == 8 ? "**" + text + "**" : text).append(" |");
        }
        return line.toString();
    }

    private static double[] column(double[][] rows, int column) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][column];
        }
        return values;
    }

    private static double[] nanArray(int n) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }

    private static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
