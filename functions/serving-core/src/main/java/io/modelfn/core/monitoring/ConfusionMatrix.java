package io.modelfn.core.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts of (true class, predicted class) pairs from feedback, and what follows from them: accuracy
 * and per-class precision, recall and F1.
 *
 * @param counts {@code counts.get(actual).get(predicted)}
 */
public record ConfusionMatrix(Map<String, Map<String, Long>> counts) {

    /** Precision, recall and F1 of one class, with its support (how many examples truly were it). */
    public record ClassScores(String label, double precision, double recall, double f1, long support) {
    }

    public long total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    public long correct() {
        long correct = 0;
        for (Map.Entry<String, Map<String, Long>> row : counts.entrySet()) {
            correct += row.getValue().getOrDefault(row.getKey(), 0L);
        }
        return correct;
    }

    public List<ClassScores> perClass() {
        TreeSet<String> labels = new TreeSet<>(counts.keySet());
        counts.values().forEach(m -> labels.addAll(m.keySet()));
        List<ClassScores> scores = new ArrayList<>();
        for (String label : labels) {
            long truePositive = counts.getOrDefault(label, Map.of()).getOrDefault(label, 0L);
            long predicted = counts.values().stream().mapToLong(m -> m.getOrDefault(label, 0L)).sum();
            long actual = counts.getOrDefault(label, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            double precision = predicted == 0 ? 0 : (double) truePositive / predicted;
            double recall = actual == 0 ? 0 : (double) truePositive / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScores(label, precision, recall, f1, actual));
        }
        return scores;
    }

    /** The unweighted mean F1 over classes that occur. */
    public double macroF1() {
        return perClass().stream().filter(s -> s.support() > 0).mapToDouble(ClassScores::f1).average().orElse(0);
    }
}
