package io.modelfn.inference.store;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.store.ModelStoreUnavailableException;
import io.modelfn.core.store.OpenedArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link ModelStore} on a folder laid out like {@code models/} ({@code <root>/<name>/<version>/model.onnx}),
 * addressed as {@code local:<name>/<version>/model.onnx}. For laptops and containers; Lambda reads
 * from {@link S3ModelStore}.
 *
 * <p>What is read: only {@code local:} locations whose path is relative and made of safe segments
 * (see {@link #accepts}), and only when the file's real path, symbolic links followed, lies under the
 * root's real path. Everything else is refused with {@link ModelSourceRefusedException} before a file
 * is opened: other schemes ({@code file:}, {@code http:}, {@code s3:}), absolute paths, {@code ..},
 * backslashes, empty segments, percent encodings, and links that lead out of the folder. A tampered
 * registry item therefore cannot make the service read an arbitrary file.
 *
 * <p>A folder keeps no object versions: a location's {@code versionId} is ignored and
 * {@link #openWithVersion} answers none (the model cache checks the file's sha256 against the registry
 * in any case).
 *
 * <p>The file is opened by its resolved real path without following links, so a link swapped in for
 * the file after the check is not followed; a folder on the way swapped for a link in that instant is
 * not guarded against: the folder is trusted to be writable only by whoever deploys the models.
 *
 * <p>Thread-safe: immutable, each {@link #open} returns its own stream.
 */
public final class LocalFolderModelStore implements ModelStore {

    static final String SCHEME_PREFIX = "local:";
    private static final int MAX_URI_LENGTH = 1024;

    private final Path realRoot;

    /**
     * @param root the model folder; it must exist (a link to it is fine: the real path is the boundary)
     * @throws IllegalArgumentException when {@code root} is not an existing folder
     */
    public LocalFolderModelStore(Path root) {
        Objects.requireNonNull(root, "root");
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("model folder does not exist or cannot be read: " + root, e);
        }
        if (!Files.isDirectory(realRoot)) {
            throw new IllegalArgumentException("model folder is not a directory: " + root);
        }
    }

    /**
     * {@code local:<name>/<version>/model.onnx}: where a version lives in a folder laid out like {@code models/}.
     *
     * @throws IllegalArgumentException when the name or version is not a safe path segment
     */
    public static ArtifactLocation locationOf(ModelKey key) {
        return ArtifactLocation.of(SCHEME_PREFIX + ArtifactPaths.modelFile(key));
    }

    /**
     * Whether the location is {@code local:<relative path>} with only safe segments: letters, digits
     * and {@code . _ - + =}, not starting with a dot, none empty. Links are checked by {@link #open},
     * which needs the file system.
     */
    @Override
    public boolean accepts(ArtifactLocation location) {
        return relativePath(location) != null;
    }

    @Override
    public InputStream open(ArtifactLocation location) {
        String relative = relativePath(location);
        if (relative == null) {
            throw refused(location, "only local:<relative path> of safe segments is read");
        }
        Path candidate = realRoot.resolve(relative);
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            if (Files.exists(candidate)) {
                throw new ModelStoreUnavailableException("cannot resolve " + UntrustedText.excerpt(location.uri())
                        + " in " + describe(), e);
            }
            // Missing: still refuse, rather than answer "not found", when the way there leads out of the folder.
            requireInsideRoot(deepestExistingRealPath(candidate), location);
            throw notFound(location);
        }
        requireInsideRoot(real, location);
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactNotFoundException(UntrustedText.excerpt(location.uri()) + " is not a file in " + describe());
        }
        try {
            return Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw notFound(location);
        } catch (IOException e) {
            throw new ModelStoreUnavailableException("cannot read " + UntrustedText.excerpt(location.uri())
                    + " in " + describe(), e);
        }
    }

    /** {@link #open}; a folder keeps no object versions, so the version id is always null. */
    @Override
    public OpenedArtifact openWithVersion(ArtifactLocation location) {
        return new OpenedArtifact(open(location), null);
    }

    @Override
    public String describe() {
        return "local folder " + realRoot;
    }

    private static String relativePath(ArtifactLocation location) {
        String uri = location.uri();
        if (uri.length() > MAX_URI_LENGTH || !uri.startsWith(SCHEME_PREFIX)) {
            return null;
        }
        String relative = uri.substring(SCHEME_PREFIX.length());
        return ArtifactPaths.isSafeRelativePath(relative) ? relative : null;
    }

    private void requireInsideRoot(Path real, ArtifactLocation location) {
        if (real == null || !real.startsWith(realRoot)) {
            throw refused(location, "it resolves (through a link) to a path outside the folder");
        }
    }

    private static Path deepestExistingRealPath(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return p.toRealPath();
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private ModelSourceRefusedException refused(ArtifactLocation location, String why) {
        return new ModelSourceRefusedException("refused model location '" + UntrustedText.excerpt(location.uri())
                + "': " + why + " inside " + describe());
    }

    private ArtifactNotFoundException notFound(ArtifactLocation location) {
        return new ArtifactNotFoundException("no model file at " + UntrustedText.excerpt(location.uri())
                + " in " + describe());
    }
}
