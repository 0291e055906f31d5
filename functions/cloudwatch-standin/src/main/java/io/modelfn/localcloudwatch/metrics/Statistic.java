package io.modelfn.localcloudwatch.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A CloudWatch statistic over the samples of one period: {@code Sum}, {@code SampleCount},
 * {@code Average}, {@code Minimum}, {@code Maximum}, or a percentile {@code pNN} / {@code pNN.NN}.
 * Percentiles are exact nearest-rank on the samples (CloudWatch approximates them on large sets).
 * A period without samples has no datapoint.
 */
public record Statistic(String name, double percentile) {

    /** A statistic by its CloudWatch name; {@link IllegalArgumentException} for any other. */
    public static Statistic of(String name) {
        switch (name) {
            case "Sum", "SampleCount", "Average", "Minimum", "Maximum" -> {
                return new Statistic(name, -1);
            }
            default -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("p")) {
                    try {
                        double p = Double.parseDouble(lower.substring(1));
                        if (p >= 0 && p <= 100) {
                            return new Statistic(lower, p);
                        }
                    } catch (NumberFormatException notANumber) {
                        // falls through to the refusal
                    }
                }
                throw new IllegalArgumentException("unsupported statistic '" + name + "'");
            }
        }
    }

    public boolean isPercentile() {
        return percentile >= 0;
    }

    public OptionalDouble of(List<Sample> samples) {
        double count = samples.stream().mapToDouble(Sample::count).sum();
        if (samples.isEmpty() || count <= 0) {
            return OptionalDouble.empty();
        }
        double sum = samples.stream().mapToDouble(s -> s.value() * s.count()).sum();
        return switch (name) {
            case "Sum" -> OptionalDouble.of(sum);
            case "SampleCount" -> OptionalDouble.of(count);
            case "Average" -> OptionalDouble.of(sum / count);
            case "Minimum" -> samples.stream().mapToDouble(Sample::value).min();
            case "Maximum" -> samples.stream().mapToDouble(Sample::value).max();
            default -> OptionalDouble.of(nearestRank(samples, count));
        };
    }

    /** The smallest value with at least {@code percentile} % of the observations at or below it. */
    private double nearestRank(List<Sample> samples, double count) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingDouble(Sample::value));
        double rank = Math.max(1, Math.ceil(percentile / 100.0 * count));
        double seen = 0;
        for (Sample s : sorted) {
            seen += s.count();
            if (seen >= rank) {
                return s.value();
            }
        }
        return sorted.get(sorted.size() - 1).value();
    }
}
