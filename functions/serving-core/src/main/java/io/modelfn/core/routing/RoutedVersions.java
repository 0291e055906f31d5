package io.modelfn.core.routing;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model versions a function should load before its first request: those the registry snapshot
 * routes traffic to in this function (every variant with weight, and every sampled shadow, of the
 * endpoints whose backend is this function), the most traffic first, then any explicitly pinned
 * versions on top. Remote-backend endpoints are left out: their models run elsewhere.
 *
 * <p>Pre-loading at start and SnapStart priming both follow this plan, so the first request after a
 * cold start or a restore finds the versions it is routed to already loaded.
 */
public final class RoutedVersions {

    private RoutedVersions() {
    }

    /** One version to load, and why. */
    public record Planned(ModelVersion version, int weight, String reason) {
    }

    /** What to load and what could not be: pins that are not in the registry. */
    public record Plan(List<Planned> versions, List<String> unknownPins) {

        /**
         * The planned versions, in order, while their artifacts together fit in {@code budgetBytes}
         * (the model cache's memory budget): loading more would only evict what was just loaded.
         * Artifact size is the estimate: a loaded session holds at least its weights.
         */
        public List<Planned> within(long budgetBytes) {
            List<Planned> fitting = new ArrayList<>();
            long total = 0;
            for (Planned planned : versions) {
                total += Math.max(0, planned.version().sizeBytes());
                if (total > budgetBytes) {
                    break;
                }
                fitting.add(planned);
            }
            return List.copyOf(fitting);
        }
    }

    /**
     * @param pins versions named in the settings, loaded after the routed ones (may repeat them)
     */
    public static Plan of(RegistrySnapshot snapshot, List<ModelKey> pins) {
        Map<ModelKey, Integer> weights = new LinkedHashMap<>();
        Map<ModelKey, String> reasons = new LinkedHashMap<>();
        for (EndpointConfig endpoint : snapshot.endpoints().values()) {
            if (!EndpointConfig.LAMBDA_BACKEND.equals(endpoint.backend())) {
                continue;
            }
            for (Variant variant : endpoint.variants()) {
                if (variant.weight() > 0) {
                    weights.merge(variant.model(), variant.weight(), Integer::sum);
                    reasons.putIfAbsent(variant.model(), "routed by " + endpoint.name() + " (" + variant.name() + ")");
                }
            }
            Optional<ShadowConfig> shadow = endpoint.shadowConfig().filter(s -> s.sampleRate() > 0);
            shadow.ifPresent(s -> {
                weights.merge(s.model(), 0, Integer::sum);
                reasons.putIfAbsent(s.model(), "shadow of " + endpoint.name());
            });
        }
        List<Planned> planned = new ArrayList<>();
        weights.entrySet().stream()
                .sorted(Map.Entry.<ModelKey, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> e.getKey().toString()))
                .forEach(e -> snapshot.version(e.getKey())
                        .ifPresent(v -> planned.add(new Planned(v, e.getValue(), reasons.get(e.getKey())))));
        return withPins(snapshot, planned, pins);
    }

    /** Only the pinned versions: for a function told not to follow routing. */
    public static Plan pinned(RegistrySnapshot snapshot, List<ModelKey> pins) {
        return withPins(snapshot, new ArrayList<>(), pins);
    }

    private static Plan withPins(RegistrySnapshot snapshot, List<Planned> planned, List<ModelKey> pins) {
        List<String> unknown = new ArrayList<>();
        for (ModelKey pin : pins) {
            if (planned.stream().anyMatch(p -> p.version().key().equals(pin))) {
                continue;
            }
            Optional<ModelVersion> version = snapshot.version(pin);
            if (version.isPresent()) {
                planned.add(new Planned(version.get(), 0, "pinned in the settings"));
            } else {
                unknown.add(pin.toString());
            }
        }
        return new Plan(List.copyOf(planned), List.copyOf(unknown));
    }
}
