package io.modelfn.core.monitoring;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.Comparator;
import java.util.List;

/**
 * What an operator's A/B question compares: an endpoint's stable and canary variants (or, without
 * both, its two heaviest), or two named versions of one model, on their feedback. Thread-safe.
 */
public final class AbCompareService {

    private final ModelRegistry registry;
    private final AbComparisons comparisons;

    public AbCompareService(ModelRegistry registry, AbComparisons comparisons) {
        this.registry = registry;
        this.comparisons = comparisons;
    }

    /** The endpoint's two variants that an A/B comparison is about. */
    public AbComparison compareEndpoint(String name, double effect) {
        EndpointConfig endpoint = registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(name));
        List<Variant> pair = variantsToCompare(endpoint);
        return compare(pair.get(0).name(), pair.get(0).model(), pair.get(1).name(), pair.get(1).model(), effect);
    }

    /** Two versions of one model. */
    public AbComparison compareVersions(String model, String a, String b, double effect) {
        ModelKey keyA = new ModelKey(model, a);
        ModelKey keyB = new ModelKey(model, b);
        return compare(keyA.version(), keyA, keyB.version(), keyB, effect);
    }

    /** Stable and canary when both exist, else the two heaviest variants. */
    static List<Variant> variantsToCompare(EndpointConfig endpoint) {
        var stable = endpoint.variant(Variant.STABLE);
        var canary = endpoint.variant(Variant.CANARY);
        if (stable.isPresent() && canary.isPresent()) {
            return List.of(stable.get(), canary.get());
        }
        List<Variant> heaviest = endpoint.variants().stream()
                .sorted(Comparator.comparingInt(Variant::weight).reversed()).limit(2).toList();
        if (heaviest.size() < 2) {
            throw new InvalidAdminRequestException("endpoint '" + endpoint.name() + "' has one variant: nothing to compare");
        }
        return heaviest;
    }

    private AbComparison compare(String nameA, ModelKey a, String nameB, ModelKey b, double effect) {
        VersionRecord versionA = registry.version(a).orElseThrow(() -> new VersionNotFoundException(a + " is not registered"));
        registry.version(b).orElseThrow(() -> new VersionNotFoundException(b + " is not registered"));
        return comparisons.compare(nameA, a, nameB, b, versionA.version().task(), effect);
    }
}
