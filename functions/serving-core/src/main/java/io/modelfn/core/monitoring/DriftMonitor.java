package io.modelfn.core.monitoring;

import io.modelfn.core.metrics.Metrics;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Input drift of tabular models: every served input row is counted into the training
 * distribution's quantile bins (from the model card's {@code features}), per model version and
 * feature, in this instance's memory; {@link #report()} turns the counts into a population
 * stability index per feature, emits it as a metric and starts a new window.
 *
 * <p>PSI = Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ) over the bins, a the served share, e the training share (both
 * floored at 1e-4). Common reading: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 major.
 *
 * <p>Observing costs a binary search per feature value and an atomic increment; nothing is
 * allocated per request. Thread-safe.
 */
public final class DriftMonitor {

    static final double FLOOR = 1e-4;

    private final Metrics metrics;
    private final long minSamples;
    private final Map<ModelKey, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param minSamples rows a window needs before its PSI is reported (fewer rows give noisy PSI)
     */
    public DriftMonitor(Metrics metrics, long minSamples) {
        this.metrics = metrics;
        this.minSamples = minSamples;
    }

    /** PSI of one feature of one version over one window. */
    public record FeatureDrift(ModelKey version, String feature, double psi, long samples) {
    }

    /** Counts the rows of a request's input, if the version is a tabular model with training statistics. */
    public void observe(ModelVersion version, Map<String, Tensor> inputs) {
        List<ModelCard.FeatureStats> features = version.features();
        if (features.isEmpty() || inputs.size() != 1) {
            return;
        }
        Tensor input = inputs.values().iterator().next();
        if (input.rank() != 2 || input.dimension(1) != features.size()
                || (input.dataType() != DataType.FP32 && input.dataType() != DataType.FP64)) {
            return;
        }
        Window window = windows.computeIfAbsent(version.key(), k -> new Window(features));
        int width = features.size();
        int rows = (int) input.dimension(0);
        if (input.dataType() == DataType.FP32) {
            float[] data = input.floats();
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < width; f++) {
                    window.add(f, data[r * width + f]);
                }
            }
        } else {
            double[] data = input.doubles();
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < width; f++) {
                    window.add(f, data[r * width + f]);
                }
            }
        }
        window.rows.add(rows);
    }

    /**
     * Reports the PSI of every feature of every version whose window has enough rows, as metrics,
     * and starts their windows afresh. Returns what it reported.
     */
    public List<FeatureDrift> report() {
        List<FeatureDrift> reported = new ArrayList<>();
        for (Map.Entry<ModelKey, Window> entry : windows.entrySet()) {
            Window window = entry.getValue();
            long rows = window.rows.sum();
            if (rows < minSamples) {
                continue;
            }
            windows.remove(entry.getKey(), window); // a fresh window for what comes next
            for (int f = 0; f < window.features.size(); f++) {
                ModelCard.FeatureStats feature = window.features.get(f);
                double psi = psi(feature.binProportions(), window.counts[f]);
                reported.add(new FeatureDrift(entry.getKey(), feature.name(), psi, rows));
                metrics.recordFeatureDrift(entry.getKey().name(), entry.getKey().version(), feature.name(), psi);
            }
        }
        return reported;
    }

    /** PSI of observed bin counts against expected bin shares. */
    static double psi(double[] expected, AtomicLongArray observed) {
        long total = 0;
        for (int i = 0; i < observed.length(); i++) {
            total += observed.get(i);
        }
        if (total == 0) {
            return 0;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], FLOOR);
            double a = Math.max((double) observed.get(i) / total, FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** Bin index of {@code value}: bin i holds edges[i-1] < v ≤ edges[i]; the outer bins are open. */
    static int bin(double[] edges, double value) {
        int index = Arrays.binarySearch(edges, value);
        return index >= 0 ? index : -index - 1;
    }

    /** One version's counts since its last report. */
    private static final class Window {
        final List<ModelCard.FeatureStats> features;
        final double[][] edges;
        final AtomicLongArray[] counts;
        final LongAdder rows = new LongAdder();

        Window(List<ModelCard.FeatureStats> features) {
            this.features = List.copyOf(features);
            this.edges = new double[features.size()][];
            this.counts = new AtomicLongArray[features.size()];
            for (int f = 0; f < features.size(); f++) {
                edges[f] = features.get(f).binEdges();
                counts[f] = new AtomicLongArray(edges[f].length + 1);
            }
        }

        void add(int feature, double value) {
            if (Double.isFinite(value)) {
                counts[feature].incrementAndGet(bin(edges[feature], value));
            }
        }
    }
}
