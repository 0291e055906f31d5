package io.modelfn.core.registry;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A registered model version, as much of it as the serving path needs: where the artifact is and
 * what it must hash to, the signature requests are checked against, and its lifecycle state.
 * The full card (training parameters, metrics, lineage) stays in the registry.
 *
 * @param sha256 lower-case hex digest the artifact must have before a session is created
 * @param features training distribution per input feature, for drift; may be empty
 */
public record ModelVersion(
        ModelKey key,
        ArtifactLocation artifact,
        String sha256,
        long sizeBytes,
        Signature signature,
        LifecycleState state,
        ModelCard.Task task,
        List<String> labels,
        List<ModelCard.FeatureStats> features,
        Instant createdAt) {

    public ModelVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(state, "state");
        labels = labels == null ? List.of() : List.copyOf(labels);
        features = features == null ? List.of() : List.copyOf(features);
    }

    public ModelVersion withState(LifecycleState newState) {
        return new ModelVersion(key, artifact, sha256, sizeBytes, signature, newState, task, labels, features, createdAt);
    }
}
