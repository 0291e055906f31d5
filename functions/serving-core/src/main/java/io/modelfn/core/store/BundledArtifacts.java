package io.modelfn.core.store;

import io.modelfn.core.model.ModelKey;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Port: model files that came with the deployment (the {@code layers/models} Lambda layer under
 * {@code /opt/models}, a folder baked into a container image), which the model cache may load in
 * place instead of fetching the version from the {@link ModelStore}.
 *
 * <p>A bundled file is only a candidate: the model cache uses it only when its size and sha256 are
 * the registry's, and fetches from the store otherwise. So a layer built from other bytes than the
 * ones registered (an older build, a re-registered version) never serves; it just saves nothing.
 *
 * <p>Implementations are thread-safe and never throw for a version they do not hold.
 */
public interface BundledArtifacts {

    /** No bundled files: every version comes from the store. */
    BundledArtifacts NONE = new BundledArtifacts() {
        @Override
        public Optional<Path> candidate(ModelKey key) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no bundled models";
        }
    };

    /**
     * The regular file bundled for this version, or empty when there is none (or it cannot be read
     * safely). Not verified: the caller checks size and sha256 against the registry.
     */
    Optional<Path> candidate(ModelKey key);

    /** A short description for logs, e.g. {@code bundled models in /opt/models}. */
    String describe();
}
