package io.modelfn.core.prediction;

import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.model.Signature;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.RegistrySnapshot;
import java.util.List;

/**
 * What a client may know of a name before it asks for predictions.
 *
 * @param name the endpoint or model name asked for
 * @param versions the versions of the answering model that can take traffic, oldest first
 * @param signature the inputs and outputs of the version that answers
 */
public record ModelMetadata(String name, List<String> versions, Signature signature) {

    static ModelMetadata of(RegistrySnapshot snapshot, EndpointResolver resolver, String name, String pinnedVersion) {
        String version = pinnedVersion != null ? pinnedVersion
                : snapshot.endpoint(name).flatMap(EndpointConfig::stable).map(v -> v.model().version()).orElse(null);
        Resolution resolution = resolver.resolve(snapshot, name, version, null);
        String model = resolution.version().key().name();
        List<String> versions = snapshot.versions().values().stream()
                .filter(v -> v.key().name().equals(model) && v.state().canTakeTraffic())
                .map(v -> v.key().version())
                .sorted((a, b) -> SemanticVersion.parse(a).compareTo(SemanticVersion.parse(b)))
                .toList();
        return new ModelMetadata(name, versions, resolution.version().signature());
    }
}
