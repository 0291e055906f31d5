package io.modelfn.inference.store;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.store.BundledArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Model files that came with the deployment, in a folder laid out like {@code models/}
 * ({@code <root>/<name>/<version>/model.onnx} beside its {@code model.json}): the {@code layers/models}
 * Lambda layer, which Lambda extracts under {@value #LAMBDA_LAYER_FOLDER}, or a folder baked into a
 * container image. The model cache loads such a file in place when its size and sha256 are the
 * registry's, and reads the model store otherwise.
 *
 * <p>A candidate is handed out only for a name and version made of safe path segments, and only
 * when the file's real path, links followed, is a regular file under the folder's real path; anything
 * else is simply not a candidate (the store serves the version).
 *
 * <p>Thread-safe: immutable.
 */
public final class BundledModelFolder implements BundledArtifacts {

    /** Where Lambda extracts the {@code layers/models} layer ({@code /opt} + the zip's {@code models/}). */
    public static final String LAMBDA_LAYER_FOLDER = "/opt/models";

    private final Path realRoot;

    private BundledModelFolder(Path realRoot) {
        this.realRoot = realRoot;
    }

    /**
     * The models bundled in {@code folder}, or {@link BundledArtifacts#NONE} when there is no such
     * folder (no layer attached, a container without one): an absent folder is not an error.
     */
    public static BundledArtifacts at(Path folder) {
        Objects.requireNonNull(folder, "folder");
        try {
            Path real = folder.toRealPath();
            return Files.isDirectory(real) ? new BundledModelFolder(real) : NONE;
        } catch (IOException e) {
            return NONE;
        }
    }

    @Override
    public Optional<Path> candidate(ModelKey key) {
        if (!ArtifactPaths.isSafeSegment(key.name()) || !ArtifactPaths.isSafeSegment(key.version())) {
            return Optional.empty();
        }
        Path file = realRoot.resolve(key.name()).resolve(key.version()).resolve(ArtifactPaths.MODEL_FILE);
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(real);
        } catch (IOException e) {
            return Optional.empty(); // not bundled (or unreadable): the store serves it
        }
    }

    @Override
    public String describe() {
        return "bundled models in " + realRoot;
    }
}
