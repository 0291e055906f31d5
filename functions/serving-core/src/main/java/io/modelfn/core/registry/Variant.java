package io.modelfn.core.registry;

import io.modelfn.core.model.ModelKey;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model version behind an endpoint and its share of the traffic, in basis points (1/100 of a
 * percent; all variants of an endpoint sum to 10000). The name is the {@code Variant} dimension of
 * the metrics: {@value #STABLE} and {@value #CANARY} during a rollout, any name in an A/B test.
 */
public record Variant(String name, ModelKey model, int weight) {

    public static final String STABLE = "stable";
    public static final String CANARY = "canary";
    /** Reported for requests that pinned a version with {@code /versions/{v}}. */
    public static final String PINNED = "pinned";
    /** Reported for the shadow copy of a request. */
    public static final String SHADOW = "shadow";
    public static final int TOTAL_WEIGHT = 10_000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public Variant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variant name '" + name + "' must be 1-32 lower-case letters, digits or dashes");
        }
        if (weight < 0 || weight > TOTAL_WEIGHT) {
            throw new IllegalArgumentException("weight of variant " + name + " must be 0..10000 basis points, was " + weight);
        }
    }

    public boolean isCanary() {
        return CANARY.equals(name);
    }

    public Variant withWeight(int newWeight) {
        return new Variant(name, model, newWeight);
    }
}
