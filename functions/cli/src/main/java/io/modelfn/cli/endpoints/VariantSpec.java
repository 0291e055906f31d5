package io.modelfn.cli.endpoints;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A variant as {@code endpoints put --variant} writes it: {@code stable=iris/1.0.0:9000} (weight in
 * basis points or a percentage; optional when it is the only variant, which then takes all traffic).
 */
record VariantSpec(String name, String model, String version, int weight) {

    private static final Pattern SPEC = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)=([^/=:\\s]+)/([^/=:\\s]+)(?::(.+))?");
    private static final Pattern SHADOW = Pattern.compile("([^/=:\\s]+)/([^/=:\\s]+):(.+)");

    /**
     * Parses every {@code --variant} and checks their weights add up to 100%.
     *
     * @throws InvalidWeightsException on bad syntax, a repeated name, or weights that do not add up
     */
    static List<VariantSpec> parseAll(List<String> specs) {
        Map<String, VariantSpec> variants = new LinkedHashMap<>();
        for (String spec : specs) {
            Matcher matcher = SPEC.matcher(spec.strip());
            if (!matcher.matches()) {
                throw new InvalidWeightsException("--variant '" + spec + "' is not NAME=MODEL/VERSION:WEIGHT"
                        + " (e.g. stable=iris/1.0.0:9000 or canary=iris/1.1.0:10%)");
            }
            String name = matcher.group(1);
            String weightText = matcher.group(4);
            if (weightText == null && specs.size() > 1) {
                throw new InvalidWeightsException("--variant " + name + " needs a weight (:9000 or :90%) when there are"
                        + " several variants");
            }
            int weight = weightText == null ? TrafficWeights.TOTAL : TrafficWeights.parseWeight(name, weightText);
            if (variants.put(name, new VariantSpec(name, matcher.group(2), matcher.group(3), weight)) != null) {
                throw new InvalidWeightsException("variant " + name + " is given twice");
            }
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        variants.values().forEach(variant -> weights.put(variant.name(), variant.weight()));
        TrafficWeights.checked(weights);
        return List.copyOf(variants.values());
    }

    /** A shadow target: MODEL/VERSION:RATE, the rate a fraction (0.1) or a percentage (10%) of requests. */
    record Shadow(String model, String version, BigDecimal sampleRate) {

        static Optional<Shadow> parse(String spec) {
            if (spec == null) {
                return Optional.empty();
            }
            Matcher matcher = SHADOW.matcher(spec.strip());
            if (!matcher.matches()) {
                throw new InvalidWeightsException("--shadow '" + spec + "' is not MODEL/VERSION:RATE"
                        + " (e.g. iris/1.2.0:0.1 or iris/1.2.0:10%)");
            }
            String rateText = matcher.group(3).strip();
            BigDecimal rate;
            try {
                rate = rateText.endsWith("%")
                        ? new BigDecimal(rateText.substring(0, rateText.length() - 1)).movePointLeft(2)
                        : new BigDecimal(rateText);
            } catch (NumberFormatException e) {
                throw new InvalidWeightsException("--shadow rate '" + rateText + "' is not a number");
            }
            if (rate.signum() <= 0 || rate.compareTo(BigDecimal.ONE) > 0) {
                throw new InvalidWeightsException("--shadow rate " + rateText + " must be above 0 and at most 1 (100%)");
            }
            if (rate.movePointRight(4).stripTrailingZeros().scale() > 0) {
                throw new InvalidWeightsException("--shadow rate " + rateText + " is finer than a basis point (0.01%)");
            }
            return Optional.of(new Shadow(matcher.group(1), matcher.group(2), rate.stripTrailingZeros()));
        }

        /** The rate in basis points, as the admin API takes it: 0.05 is 500. */
        int basisPoints() {
            return sampleRate.movePointRight(4).intValueExact();
        }
    }
}
