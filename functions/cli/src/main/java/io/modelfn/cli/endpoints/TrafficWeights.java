package io.modelfn.cli.endpoints;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic weights of an endpoint's variants, in basis points (1/100 of a percent) that add up
 * to {@value #TOTAL}. Written {@code stable=9000 canary=1000} or {@code stable=90% canary=10%}
 * (percentages down to 0.01%).
 */
record TrafficWeights(Map<String, Integer> basisPoints) {

    static final int TOTAL = 10_000;

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)=(.*)");
    private static final Pattern BASIS_POINTS = Pattern.compile("\\d+");
    private static final Pattern PERCENTAGE = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    TrafficWeights {
        basisPoints = Collections.unmodifiableMap(new LinkedHashMap<>(basisPoints));
    }

    /**
     * Parses {@code NAME=WEIGHT} assignments.
     *
     * @throws InvalidWeightsException on bad syntax, a repeated name, or a sum other than {@value #TOTAL}
     */
    static TrafficWeights parse(List<String> assignments) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String assignment : assignments) {
            Matcher matcher = ASSIGNMENT.matcher(assignment.strip());
            if (!matcher.matches()) {
                throw new InvalidWeightsException("'" + assignment + "' is not VARIANT=WEIGHT (e.g. canary=1000 or canary=10%)");
            }
            String variant = matcher.group(1);
            if (weights.put(variant, parseWeight(variant, matcher.group(2))) != null) {
                throw new InvalidWeightsException("variant " + variant + " is given twice");
            }
        }
        return checked(weights);
    }

    /** Weights already parsed (from variant specifications), checked to add up to {@value #TOTAL}. */
    static TrafficWeights checked(Map<String, Integer> weights) {
        if (weights.isEmpty()) {
            throw new InvalidWeightsException("no weights given");
        }
        long sum = weights.values().stream().mapToLong(Integer::longValue).sum();
        if (sum != TOTAL) {
            throw new InvalidWeightsException("weights add up to " + sum + " basis points (" + percent(sum)
                    + "); they must add up to " + TOTAL + " (100%): " + describe(weights));
        }
        return new TrafficWeights(weights);
    }

    /**
     * One weight: basis points ({@code 9000}) or a percentage ({@code 90%}, {@code 2.5%}).
     *
     * @throws InvalidWeightsException when it is neither, is finer than a basis point, or exceeds 100%
     */
    static int parseWeight(String variant, String text) {
        String weight = text.strip();
        BigDecimal basisPoints;
        Matcher percentage = PERCENTAGE.matcher(weight);
        if (percentage.matches()) {
            basisPoints = new BigDecimal(percentage.group(1)).multiply(HUNDRED).stripTrailingZeros();
            if (basisPoints.scale() > 0) {
                throw new InvalidWeightsException("weight " + weight + " of " + variant
                        + " is finer than a basis point (0.01%)");
            }
        } else if (BASIS_POINTS.matcher(weight).matches()) {
            basisPoints = new BigDecimal(weight);
        } else {
            throw new InvalidWeightsException("weight '" + weight + "' of " + variant
                    + " is neither basis points (9000) nor a percentage (90%)");
        }
        if (basisPoints.compareTo(BigDecimal.valueOf(TOTAL)) > 0) {
            throw new InvalidWeightsException("weight " + weight + " of " + variant + " is over 100% (" + TOTAL
                    + " basis points)");
        }
        return basisPoints.intValueExact();
    }

    private static String describe(Map<String, Integer> weights) {
        StringBuilder text = new StringBuilder();
        weights.forEach((name, weight) -> text.append(text.isEmpty() ? "" : " ").append(name).append('=').append(weight));
        return text.toString();
    }

    private static String percent(long basisPoints) {
        return BigDecimal.valueOf(basisPoints).divide(HUNDRED).stripTrailingZeros().toPlainString() + "%";
    }
}
