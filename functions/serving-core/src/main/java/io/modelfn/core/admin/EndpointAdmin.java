package io.modelfn.core.admin;

import static io.modelfn.core.admin.AdminNames.abbreviate;
import static io.modelfn.core.admin.AdminNames.endpointName;
import static io.modelfn.core.admin.AdminNames.key;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.AlarmLimits;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Endpoints: their variants, shadow, backend and weights. Only validated versions take traffic, and
 * an endpoint the serving function cannot hold must name a remote backend.
 *
 * <p>Thread-safe.
 */
public final class EndpointAdmin {

    private static final Pattern BACKEND = Pattern.compile("lambda|sagemaker:[A-Za-z0-9](-*[A-Za-z0-9]){0,62}|http:https?://[^\\s]{1,500}");

    private final ModelRegistry registry;
    private final Clock clock;
    private final PlacementPolicy placement;
    private final VersionUsage usage;

    public EndpointAdmin(ModelRegistry registry, Clock clock) {
        this(registry, clock, PlacementPolicy.UNLIMITED);
    }

    /** @param placement what the serving function can hold; endpoints it cannot run get a remote backend */
    public EndpointAdmin(ModelRegistry registry, Clock clock, PlacementPolicy placement) {
        this.registry = registry;
        this.clock = clock;
        this.placement = placement;
        this.usage = new VersionUsage(registry);
    }

    /** A requested variant, before it is checked. */
    public record VariantRequest(String name, String model, String version, int weight) {
    }

    /**
     * Creates or updates an endpoint. Weights are basis points summing to 10000; every version must
     * be registered and validated.
     *
     * @param revision the revision read (0 to create)
     */
    public EndpointConfig putEndpoint(String name, List<VariantRequest> variants, VariantRequest shadow,
            String stickySalt, String backend, long revision, Change change) {
        return putEndpoint(name, variants, shadow, stickySalt, backend, null, revision, change);
    }

    /**
     * Creates or updates an endpoint; what an update leaves null (salt, backend, result cache) stays
     * as it was.
     *
     * @param resultCache whether identical inputs to the same version get the kept answer; null: as it was
     *     (off for a new endpoint)
     * @param revision the revision read (0 to create)
     */
    public EndpointConfig putEndpoint(String name, List<VariantRequest> variants, VariantRequest shadow,
            String stickySalt, String backend, Boolean resultCache, long revision, Change change) {
        String endpoint = endpointName(name);
        List<Variant> checked = new ArrayList<>();
        if (variants == null || variants.isEmpty()) {
            throw new InvalidAdminRequestException("an endpoint needs at least one variant");
        }
        for (VariantRequest v : variants) {
            checked.add(variant(v));
        }
        ShadowConfig shadowConfig = null;
        if (shadow != null) {
            ModelKey shadowKey = key(shadow.model(), shadow.version());
            requireServable(shadowKey);
            try {
                shadowConfig = new ShadowConfig(shadowKey, shadow.weight());
            } catch (IllegalArgumentException e) {
                throw new InvalidAdminRequestException(e.getMessage());
            }
        }
        // An update keeps what it does not mention: the sticky salt (callers stay on their variants), the
        // backend, the result cache, the alarm limits, and a rollout in progress (its plan goes on with the new weights).
        Optional<EndpointConfig> current = revision > 0 ? registry.endpoint(endpoint) : Optional.empty();
        String backendName = backend != null && !backend.isBlank() ? backend.trim()
                : current.map(EndpointConfig::backend).orElse(EndpointConfig.LAMBDA_BACKEND);
        if (!BACKEND.matcher(backendName).matches()) {
            throw new InvalidAdminRequestException("backend must be lambda, sagemaker:<endpoint name> or http:<url>");
        }
        try {
            Backend.parse(backendName);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        String salt = stickySalt != null && !stickySalt.isBlank() ? stickySalt
                : current.map(EndpointConfig::stickySalt).orElse(null);
        boolean cache = resultCache != null ? resultCache : current.map(EndpointConfig::resultCache).orElse(false);
        EndpointConfig config = new EndpointConfig(endpoint, checked, shadowConfig, salt, backendName, revision,
                clock.instant(), current.map(EndpointConfig::rollout).orElse(null), cache,
                current.map(EndpointConfig::alarmLimits).orElse(null));
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new InvalidAdminRequestException(String.join("; ", problems));
        }
        placement.requireRunnable(config, usage::served);
        return registry.putEndpoint(config, revision, change);
    }

    /** Sets the weights of an endpoint's existing variants (all of them, summing to 10000). */
    public EndpointConfig setWeights(String name, Map<String, Integer> weights, long revision, Change change) {
        EndpointConfig current = registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(abbreviate(name)));
        if (weights == null || weights.isEmpty()) {
            throw new InvalidAdminRequestException("'weights' must name every variant: " + variantNames(current));
        }
        Set<String> unknown = new LinkedHashSet<>(weights.keySet());
        unknown.removeAll(variantNames(current));
        if (!unknown.isEmpty()) {
            throw new InvalidAdminRequestException("unknown variants " + unknown + "; the endpoint has " + variantNames(current));
        }
        List<VariantRequest> requests = new ArrayList<>();
        for (Variant v : current.variants()) {
            Integer weight = weights.get(v.name());
            if (weight == null) {
                throw new InvalidAdminRequestException("'weights' must name every variant: missing '" + v.name() + "'");
            }
            requests.add(new VariantRequest(v.name(), v.model().name(), v.model().version(), weight));
        }
        VariantRequest shadow = current.shadowConfig().map(s -> new VariantRequest(Variant.SHADOW, s.model().name(),
                s.model().version(), s.sampleRate())).orElse(null);
        return putEndpoint(name, requests, shadow, current.stickySalt(), current.backend(),
                revision > 0 ? revision : current.revision(), change);
    }

    /**
     * Sets the limits of the alarms the rollout function makes for this endpoint's releases; a limit
     * left null takes the stage's default (all null: the stage's defaults throughout). Out-of-range
     * values are refused and change nothing. During an active release the next scheduled step puts its
     * alarms again with these limits.
     *
     * @param revision the revision read (0: the current one)
     */
    public EndpointConfig setAlarmLimits(String name, Double maxServerErrorRate, Integer maxP99LatencyMs,
            Double minAccuracy, Integer minFeedbackSamples, Integer evaluationPeriods, long revision, Change change) {
        List<String> problems = AlarmLimits.problems(maxServerErrorRate, maxP99LatencyMs, minAccuracy, minFeedbackSamples,
                evaluationPeriods);
        if (!problems.isEmpty()) {
            throw new InvalidAdminRequestException(String.join("; ", problems));
        }
        EndpointConfig current = registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(abbreviate(name)));
        AlarmLimits limits = new AlarmLimits(maxServerErrorRate, maxP99LatencyMs, minAccuracy, minFeedbackSamples,
                evaluationPeriods);
        return registry.putEndpoint(current.withAlarmLimits(limits), revision > 0 ? revision : current.revision(), change);
    }

    private Variant variant(VariantRequest request) {
        ModelKey key = key(request.model(), request.version());
        Variant variant;
        try {
            variant = new Variant(request.name(), key, request.weight());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
        requireServable(key);
        return variant;
    }

    private void requireServable(ModelKey key) {
        VersionRecord record = usage.existing(key);
        if (!record.version().state().canTakeTraffic()) {
            throw new IllegalTransitionException(key + " is " + record.version().state()
                    + "; only validated versions can take traffic");
        }
    }

    private static Set<String> variantNames(EndpointConfig endpoint) {
        Set<String> names = new LinkedHashSet<>();
        endpoint.variants().forEach(v -> names.add(v.name()));
        return names;
    }

    /** Warnings about where an endpoint's versions run (too large for the function, or only just). */
    public List<String> placementAdvice(EndpointConfig endpoint) {
        return placement.advice(endpoint, usage::served);
    }
}
