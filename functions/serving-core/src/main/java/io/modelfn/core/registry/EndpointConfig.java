package io.modelfn.core.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an endpoint serves: its variants and weights, an optional shadow, the salt of sticky
 * assignment and the backend that runs it. One registry item, so a reader never sees half a change;
 * {@code revision} increases with every write and guards concurrent writers.
 *
 * @param backend {@code lambda} (in this function), {@code sagemaker:<endpoint>} or {@code http:<url>}
 * @param stickySalt mixed into the routing hash; changing it reshuffles callers across variants
 * @param rollout the gradual release in progress or last finished, or null
 * @param resultCache whether answers are kept and repeated for identical inputs to the same version
 *     (for deterministic models whose callers repeat themselves)
 * @param alarmLimits the limits of the alarms made for its releases, over the stage's defaults
 *     ({@link AlarmLimits#NONE} when it sets none; never null)
 */
public record EndpointConfig(
        String name,
        List<Variant> variants,
        ShadowConfig shadow,
        String stickySalt,
        String backend,
        long revision,
        Instant updatedAt,
        RolloutPlan rollout,
        boolean resultCache,
        AlarmLimits alarmLimits) {

    public static final String LAMBDA_BACKEND = "lambda";

    /** An endpoint without alarm limits of its own. */
    public EndpointConfig(String name, List<Variant> variants, ShadowConfig shadow, String stickySalt, String backend,
            long revision, Instant updatedAt, RolloutPlan rollout, boolean resultCache) {
        this(name, variants, shadow, stickySalt, backend, revision, updatedAt, rollout, resultCache, AlarmLimits.NONE);
    }

    /** An endpoint without a rollout or result cache. */
    public EndpointConfig(String name, List<Variant> variants, ShadowConfig shadow, String stickySalt, String backend,
            long revision, Instant updatedAt) {
        this(name, variants, shadow, stickySalt, backend, revision, updatedAt, null, false);
    }

    /** An endpoint without a result cache. */
    public EndpointConfig(String name, List<Variant> variants, ShadowConfig shadow, String stickySalt, String backend,
            long revision, Instant updatedAt, RolloutPlan rollout) {
        this(name, variants, shadow, stickySalt, backend, revision, updatedAt, rollout, false);
    }

    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        variants = List.copyOf(variants);
        stickySalt = stickySalt == null ? name : stickySalt;
        backend = backend == null || backend.isBlank() ? LAMBDA_BACKEND : backend;
        alarmLimits = alarmLimits == null ? AlarmLimits.NONE : alarmLimits;
    }

    public Optional<Variant> variant(String variantName) {
        return variants.stream().filter(v -> v.name().equals(variantName)).findFirst();
    }

    public Optional<ShadowConfig> shadowConfig() {
        return Optional.ofNullable(shadow);
    }

    public Optional<RolloutPlan> rolloutPlan() {
        return Optional.ofNullable(rollout);
    }

    /** The same endpoint with another rollout state. */
    public EndpointConfig withRollout(RolloutPlan plan) {
        return new EndpointConfig(name, variants, shadow, stickySalt, backend, revision, updatedAt, plan, resultCache,
                alarmLimits);
    }

    /** The same endpoint with other alarm limits ({@link AlarmLimits#NONE}: the stage's defaults). */
    public EndpointConfig withAlarmLimits(AlarmLimits limits) {
        return new EndpointConfig(name, variants, shadow, stickySalt, backend, revision, updatedAt, rollout, resultCache,
                limits);
    }

    /**
     * The variant that carries the endpoint's baseline: {@value Variant#STABLE} when present, else
     * the heaviest one.
     */
    public Optional<Variant> stable() {
        Optional<Variant> named = variant(Variant.STABLE);
        if (named.isPresent()) {
            return named;
        }
        return variants.stream().max((a, b) -> Integer.compare(a.weight(), b.weight()));
    }

    public int totalWeight() {
        return variants.stream().mapToInt(Variant::weight).sum();
    }

    /** The same endpoint with other variants (same revision: the writer bumps it). */
    public EndpointConfig withVariants(List<Variant> newVariants) {
        return new EndpointConfig(name, newVariants, shadow, stickySalt, backend, revision, updatedAt, rollout,
                resultCache, alarmLimits);
    }

    /** Checks the rules every stored endpoint obeys; returns the problems found. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (variants.isEmpty()) {
            problems.add("an endpoint needs at least one variant");
        }
        if (totalWeight() != Variant.TOTAL_WEIGHT) {
            problems.add("variant weights must sum to 10000 basis points (100 %), not " + totalWeight());
        }
        long distinct = variants.stream().map(Variant::name).distinct().count();
        if (distinct != variants.size()) {
            problems.add("variant names must be unique");
        }
        return problems;
    }
}
