package io.modelfn.core.prediction;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.backend.BackendFailureException;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RegistrySnapshot;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.routing.TrafficRouter;
import java.util.Comparator;
import java.util.Optional;

/**
 * Turns a name from the request path into the model version that answers.
 *
 * <ul>
 *   <li>An endpoint name routes through the endpoint's variants ({@link TrafficRouter}).</li>
 *   <li>A pinned version ({@code /versions/1.0.0}) or alias ({@code /versions/production}) selects
 *       that version of the endpoint's model, reported as variant {@value Variant#PINNED}; so does a
 *       bare model name with a pinned version.</li>
 *   <li>A pinned version must be registered and in a state that may take traffic; a routed
 *       version that may not (marked FAILED) gives its share to the endpoint's stable variant.</li>
 *   <li>The endpoint's backend goes with the resolution: a pinned call through an endpoint runs
 *       where the endpoint's models run, and so does a call by model name when an endpoint with a
 *       remote backend serves that model.</li>
 * </ul>
 */
public final class EndpointResolver {

    private final TrafficRouter router;

    public EndpointResolver(TrafficRouter router) {
        this.router = router;
    }

    public Resolution resolve(RegistrySnapshot snapshot, String name, String pinned, String routingKey) {
        Optional<EndpointConfig> endpoint = snapshot.endpoint(name);
        if (pinned == null) {
            EndpointConfig config = endpoint.orElseThrow(() -> new EndpointNotFoundException(name));
            Variant routed = router.route(config, routingKey);
            ModelVersion routedVersion = snapshot.version(routed.model()).orElseThrow(() -> new VersionNotFoundException(
                    "endpoint '" + name + "' routes to " + routed.model() + ", which is not registered"));
            Variant variant = routed;
            ModelVersion version = routedVersion;
            if (!routedVersion.state().canTakeTraffic()) {
                // A version marked FAILED (its artifact refused at load) while an endpoint still routes to it:
                // its share goes to the stable variant until an operator changes the weights.
                variant = config.stable().filter(v -> !v.equals(routed))
                        .filter(v -> snapshot.version(v.model()).map(x -> x.state().canTakeTraffic()).orElse(false))
                        .orElseThrow(() -> new NoServableVersionException("endpoint '" + name + "' routes to "
                                + routedVersion.key() + ", which is " + routedVersion.state()
                                + ", and has no other version that can take traffic"));
                version = snapshot.version(variant.model()).orElseThrow();
            }
            ModelVersion shadow = router.sampleShadow(config)
                    ? config.shadowConfig().flatMap(s -> snapshot.version(s.model())).orElse(null)
                    : null;
            return new Resolution(name, variant.name(), version, shadow, backend(config), config.resultCache());
        }
        // A model of that name first: a backend is sent the model's own name with the version it must run.
        String model = snapshot.hasModel(name) ? name
                : endpoint.flatMap(EndpointConfig::stable).map(v -> v.model().name()).orElse(null);
        if (model == null) {
            throw new EndpointNotFoundException(name);
        }
        // A registered version first (the common call; every registered version is a valid one), so that the
        // version's syntax is checked only for the names that are not.
        ModelVersion version = snapshot.version(new ModelKey(model, pinned)).orElse(null);
        if (version == null) {
            String versionText = SemanticVersion.isValid(pinned)
                    ? pinned
                    : snapshot.alias(model, pinned).orElseThrow(() -> new VersionNotFoundException(
                            "model '" + model + "' has no version or alias '" + abbreviate(pinned) + "'"));
            version = snapshot.version(new ModelKey(model, versionText))
                    .orElseThrow(() -> new VersionNotFoundException("model '" + model + "' has no version " + abbreviate(versionText)));
        }
        if (!version.state().canTakeTraffic()) {
            throw new VersionNotFoundException(version.key() + " is " + version.state() + " and cannot take traffic");
        }
        Backend backend = endpoint.map(EndpointResolver::backend).orElseGet(() -> backendServing(snapshot, model));
        return new Resolution(name, Variant.PINNED, version, null, backend,
                endpoint.map(EndpointConfig::resultCache).orElse(false));
    }

    /**
     * Where a model called by its own name runs: on the remote backend of an endpoint that serves it
     * (the first by endpoint name), so a heavy model is never loaded here by a pinned call; else here.
     */
    private static Backend backendServing(RegistrySnapshot snapshot, String model) {
        return snapshot.endpoints().values().stream()
                .filter(e -> !Backend.LAMBDA.equals(e.backend()))
                .filter(e -> e.variants().stream().anyMatch(v -> v.model().name().equals(model))
                        || e.shadowConfig().map(s -> s.model().name().equals(model)).orElse(false))
                .sorted(Comparator.comparing(EndpointConfig::name))
                .map(EndpointResolver::backend)
                .findFirst()
                .orElse(Backend.IN_PROCESS);
    }

    private static Backend backend(EndpointConfig config) {
        try {
            return Backend.parse(config.backend());
        } catch (IllegalArgumentException e) {
            // The admin API refuses such a value; one written around it must not break the endpoint's neighbours.
            throw new BackendFailureException("endpoint '" + config.name()
                    + "' names an unusable backend: " + e.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
