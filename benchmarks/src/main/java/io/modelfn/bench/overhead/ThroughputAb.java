package io.modelfn.bench.overhead;

import io.modelfn.bench.Options;
import io.modelfn.core.model.ModelKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of the heavy model, the whole prediction path against raw ONNX Runtime, as an A/B test
 * in one JVM: short windows of each, alternating (raw, engine, service, then service, engine, raw,
 * ...), so that whatever else the machine does weighs on all of them alike. On our shared 2-vCPU
 * machines, JMH's one-benchmark-after-the-other forks differed by up to 15 % between runs of the same
 * code; windows side by side compare like with like. Prints each window and the median ratio of the
 * service (and of the engine) to raw ONNX Runtime over the rounds; appends CSV rows with
 * {@code --csv}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.modelfn.bench.overhead.ThroughputAb \
 *     [--model wide-mlp/1.0.0] [--threads 2] [--intra-op 0] [--rounds 10] [--window 3] [--csv FILE]
 * </pre>
 */
public final class ThroughputAb {

    private ThroughputAb() {
    }

    /** One measured window: which path, how many requests per second. */
    record Window(int round, String path, double rps) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        ModelKey key = ModelKey.parse(opts.getOrDefault("model", "wide-mlp/1.0.0"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        int intraOp = Integer.parseInt(opts.getOrDefault("intra-op", "0"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "10"));
        double window = Double.parseDouble(opts.getOrDefault("window", "3"));
        Path csv = opts.containsKey("csv") ? Path.of(opts.get("csv")) : null;

        try (ModelDepths depths = new ModelDepths(key, ModelDepths.withIntraOpThreads(intraOp))) {
            Map<String, Runnable> paths = Map.of(
                    "raw", () -> {
                        try {
                            depths.rawOrt();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "engine", depths::engine,
                    "service", depths::service);
            // Warm-up: every path, long enough for the JIT.
            for (String path : List.of("raw", "engine", "service")) {
                measure(paths.get(path), threads, Math.max(window, 5));
            }
            List<Window> windows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<String> order = round % 2 == 1 ? List.of("raw", "engine", "service")
                        : List.of("service", "engine", "raw");
                for (String path : order) {
                    Window w = new Window(round, path, measure(paths.get(path), threads, window));
                    windows.add(w);
                    System.out.printf(Locale.ROOT, "round %d %-7s %.1f requests/s%n", round, path, w.rps());
                }
            }
            report(key, threads, intraOp, windows, rounds, csv);
        }
    }

    private static void report(ModelKey key, int threads, int intraOp, List<Window> windows, int rounds, Path csv)
            throws IOException {
        double[] service = new double[rounds];
        double[] engine = new double[rounds];
        double[] raws = new double[rounds];
        for (int round = 1; round <= rounds; round++) {
            int rd = round;
            double raw = rps(windows, rd, "raw");
            raws[round - 1] = raw;
            service[round - 1] = rps(windows, rd, "service") / raw;
            engine[round - 1] = rps(windows, rd, "engine") / raw;
        }
        double medianService = median(service);
        double medianEngine = median(engine);
        System.out.printf(Locale.ROOT, "%s, %d threads, intra-op %d: raw ORT median %.1f requests/s; service / raw "
                        + "median %.1f %% (rounds %.1f to %.1f %%); engine / raw median %.1f %%%n", key, threads, intraOp,
                median(raws), 100 * medianService, 100 * min(service), 100 * max(service), 100 * medianEngine);
        if (csv != null) {
            if (!Files.exists(csv)) {
                Files.writeString(csv, "model,threads,intra_op,round,path,rps\n", StandardCharsets.UTF_8);
            }
            StringBuilder rows = new StringBuilder();
            for (Window w : windows) {
                rows.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%s,%.2f%n", key, threads, intraOp, w.round(), w.path(),
                        w.rps()));
            }
            Files.writeString(csv, rows, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    /** Runs {@code work} on {@code threads} threads for {@code seconds}; returns calls per second. */
    static double measure(Runnable work, int threads, double seconds) throws InterruptedException {
        LongAdder calls = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        work.run();
                        calls.increment();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a call failed", failures.get(0));
        }
        return calls.sum() / elapsed;
    }

    private static double rps(List<Window> windows, int round, String path) {
        return windows.stream().filter(w -> w.round() == round && w.path().equals(path)).mapToDouble(Window::rps)
                .findFirst().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
