package io.modelfn.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfn.bench.report.JmhResults.Fork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The tables of the opt-in speed-ups and of the quantised variant, from the JMH results that
 * {@code benchmarks/run.sh} leaves: {@code resultcache*.json} ({@code ResultCacheBenchmark}),
 * {@code batching*.json} ({@code MicroBatchingBenchmark}) and the float and INT8 wide-mlp rows of
 * {@code overhead*.json}, with the size and accuracy the model cards record.
 */
final class SpeedupTables {

    private final Path results;
    private final Path images;
    private final Path models;

    SpeedupTables(Path results, Path images, Path models) {
        this.results = results;
        this.images = images;
        this.models = models;
    }

    void resultCache() throws IOException {
        List<Fork> forks = JmhResults.readAll(results, "resultcache");
        if (forks.isEmpty()) {
            return;
        }
        System.out.println("### Result cache: the same input again (µs, median of runs)\n");
        System.out.println("| model (batch of 8) | runs | computed p50 | computed p99 | kept p50 | kept p99 "
                + "| **p50 saved by a hit** |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        List<String> names = new ArrayList<>();
        List<Double> computed = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        for (String model : params(forks, f -> true)) {
            double cP50 = median(forks, "computed", model, Fork::p50);
            double kP50 = median(forks, "kept", model, Fork::p50);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | **%.1f (%.0f %%)** |%n", model,
                    count(forks, "kept", model), cP50, median(forks, "computed", model, Fork::p99), kP50,
                    median(forks, "kept", model, Fork::p99), cP50 - kP50, 100 * (cP50 - kP50) / cP50);
            names.add(shortName(model));
            computed.add(cP50);
            kept.add(kP50);
        }
        System.out.println();
        new Chart("Result cache: one request, computed or kept (p50, median of runs), log scale", "µs", true)
                .xLabel("model (batch of 8)")
                .series("computed (cache off)", doubles(computed))
                .series("kept (cache on, a hit)", doubles(kept))
                .bars(names, images.resolve("result-cache.png"));
    }

    void batching() throws IOException {
        List<Fork> forks = JmhResults.readAll(results, "batching");
        if (forks.isEmpty()) {
            return;
        }
        System.out.println("### Micro-batching: 16 concurrent callers, one example each (requests/s)\n");
        System.out.println("| model | run | alone | batched | adaptive (≥ 100 µs a call) | batched / alone | adaptive / alone |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        List<String> names = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        List<Double> batched = new ArrayList<>();
        List<Double> adaptive = new ArrayList<>();
        for (String model : params(forks, p -> true)) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            List<Double> c = new ArrayList<>();
            int runs = forks.stream().filter(f -> model(f).equals(model)).mapToInt(Fork::fork).max().orElse(0);
            for (int run = 1; run <= runs; run++) {
                double x = score(forks, model, "alone", run);
                double y = score(forks, model, "batched", run);
                double z = score(forks, model, "adaptive", run);
                a.add(x);
                b.add(y);
                c.add(z);
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.2f× | %.2f× |%n", model, run, x, y, z,
                        y / x, z / x);
            }
            System.out.printf(Locale.ROOT, "| **%s** | **median** | %.0f | %.0f | %.0f | **%.2f×** | **%.2f×** |%n", model,
                    median(a), median(b), median(c), median(b) / median(a), median(c) / median(a));
            names.add(shortName(model));
            alone.add(median(a));
            batched.add(median(b));
            adaptive.add(median(c));
        }
        System.out.println();
        new Chart("Micro-batching: 16 callers, one example each (median of runs), log scale", "requests/s", true)
                .xLabel("model")
                .series("each request alone", doubles(alone))
                .series("every version batched", doubles(batched))
                .series("adaptive (batched when a call takes ≥ 100 µs)", doubles(adaptive))
                .bars(names, images.resolve("micro-batching.png"));
    }

    void quantised() throws IOException {
        List<Fork> forks = JmhResults.readAll(results, "overhead");
        String floatModel = "wide-mlp/1.0.0";
        String int8Model = "wide-mlp/1.1.0";
        if (forks.stream().noneMatch(f -> f.params().equals(int8Model))) {
            return;
        }
        JsonNode floatCard = card(floatModel);
        JsonNode int8Card = card(int8Model);
        System.out.println("### Quantised variant: wide-mlp INT8 (1.1.0) against float (1.0.0)\n");
        System.out.println("Latency in this JVM, batch of 8, median of runs (µs); accuracy on the 450 held-out digits "
                + "and size from the model cards.\n");
        System.out.println("| variant | file size | accuracy | raw ORT p50 | engine p50 | engine p99 | service p50 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (String model : List.of(floatModel, int8Model)) {
            JsonNode c = model.equals(floatModel) ? floatCard : int8Card;
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %.4f | %.1f | %.1f | %.1f | %.1f |%n", model,
                    c.path("artifact").path("sizeBytes").asLong() / 1e6, c.path("metrics").path("accuracy").asDouble(),
                    median(forks, "rawOrt", model, Fork::p50), median(forks, "engine", model, Fork::p50),
                    median(forks, "engine", model, Fork::p99), median(forks, "service", model, Fork::p50));
        }
        double f = median(forks, "engine", floatModel, Fork::p50);
        double q = median(forks, "engine", int8Model, Fork::p50);
        System.out.printf(Locale.ROOT, "%nINT8 against float: %.2f× the engine's p50 speed, %.0f %% of the size, accuracy "
                        + "%+.4f.%n%n", f / q,
                100.0 * int8Card.path("artifact").path("sizeBytes").asLong() / floatCard.path("artifact").path("sizeBytes")
                        .asLong(),
                int8Card.path("metrics").path("accuracy").asDouble() - floatCard.path("metrics").path("accuracy").asDouble());
    }

    private JsonNode card(String model) throws IOException {
        return new ObjectMapper().readTree(Files.readAllBytes(models.resolve(model).resolve("model.json")));
    }

    /** The model of a fork, whatever other parameters it has. */
    private static String model(Fork f) {
        for (String p : f.params().split(",")) {
            if (p.contains("/")) {
                return p;
            }
        }
        return f.params();
    }

    private static List<String> params(List<Fork> forks, Predicate<String> keep) {
        Set<String> models = new LinkedHashSet<>();
        forks.stream().map(SpeedupTables::model).filter(keep).forEach(models::add);
        return List.copyOf(models);
    }

    private static double score(List<Fork> forks, String model, String mode, int run) {
        return forks.stream().filter(f -> model(f).equals(model) && List.of(f.params().split(",")).contains(mode)
                && f.fork() == run).mapToDouble(Fork::score).findFirst().orElse(Double.NaN);
    }

    private static double median(List<Fork> forks, String benchmark, String model, ToDoubleFunction<Fork> value) {
        return JmhResults.median(forks.stream().filter(f -> f.benchmark().equals(benchmark) && model(f).equals(model))
                .mapToDouble(value).toArray());
    }

    private static int count(List<Fork> forks, String benchmark, String model) {
        return (int) forks.stream().filter(f -> f.benchmark().equals(benchmark) && model(f).equals(model)).count();
    }

    private static double median(List<Double> values) {
        return JmhResults.median(doubles(values));
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String shortName(String model) {
        return model.contains("/") ? model.substring(0, model.indexOf('/')) : model;
    }
}
